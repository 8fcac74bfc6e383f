package main

import (
	"context"
	"log"
	"os"
	"path/filepath"
	"runtime"

	"github.com/slipwayml/slipway/bench/internal/stats"
)

// loadResult is one target driven at one connection count: the median of
// each figure over the rounds, and all failures.
type loadResult struct {
	Target string  `json:"target"`
	Conns  int     `json:"conns"`
	Rounds int     `json:"rounds"`
	RPS    float64 `json:"rps"`
	P50US  float64 `json:"p50_us"`
	P99US  float64 `json:"p99_us"`
	Errors int64   `json:"errors"`
}

// measureLoad warms every target up, then drives each at each connection
// count, visiting all targets before moving to the next count, and repeats
// that sweep cfg.rounds times: noise from the machine spreads over all
// targets, and the medians drop a round it spoiled.
func measureLoad(ctx context.Context, cfg config, dir string, ts []target) ([]loadResult, error) {
	script := filepath.Join(dir, "post.lua")
	if err := os.WriteFile(script, postLua, 0o644); err != nil {
		return nil, err
	}
	threads := runtime.NumCPU()
	for _, t := range ts {
		if _, err := wrkRun(ctx, script, t.srv.url(t.path), t.body, 16, threads, cfg.warmup); err != nil {
			return nil, err
		}
	}
	type key struct {
		target string
		conns  int
	}
	runs := map[key][]load{}
	for round := 1; round <= cfg.rounds; round++ {
		for _, c := range cfg.conns {
			for _, t := range ts {
				l, err := wrkRun(ctx, script, t.srv.url(t.path), t.body, c, threads, cfg.duration)
				if err != nil {
					return nil, err
				}
				log.Printf("round %d  %-18s %3d conns: %8.0f req/s  p50 %7.0f µs  p99 %7.0f µs  errors %d",
					round, t.name, c, l.RPS(), l.P50US, l.P99US, l.Errors)
				k := key{t.name, c}
				runs[k] = append(runs[k], l)
			}
		}
	}
	var out []loadResult
	for _, c := range cfg.conns {
		for _, t := range ts {
			out = append(out, aggregate(t.name, c, runs[key{t.name, c}]))
		}
	}
	return out, nil
}

// aggregate summarises the rounds of one target and connection count.
func aggregate(target string, conns int, rounds []load) loadResult {
	r := loadResult{Target: target, Conns: conns, Rounds: len(rounds)}
	var rps, p50, p99 []float64
	for _, l := range rounds {
		rps, p50, p99 = append(rps, l.RPS()), append(p50, l.P50US), append(p99, l.P99US)
		r.Errors += l.Errors
	}
	r.RPS, r.P50US, r.P99US = stats.Median(rps), stats.Median(p50), stats.Median(p99)
	return r
}
