package main

import (
	"context"
	"log"
	"os"
	"path/filepath"
	"runtime"
)

// loadResult is one target driven at one connection count.
type loadResult struct {
	Target string `json:"target"`
	Conns  int    `json:"conns"`
	load
	RPS float64 `json:"rps"`
}

// measureLoad warms every target up, then drives each at each connection
// count, visiting all targets before moving to the next count so that
// machine noise spreads over all of them.
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
	var out []loadResult
	for _, c := range cfg.conns {
		for _, t := range ts {
			l, err := wrkRun(ctx, script, t.srv.url(t.path), t.body, c, threads, cfg.duration)
			if err != nil {
				return nil, err
			}
			log.Printf("%-18s %3d conns: %8.0f req/s  p50 %7.0f µs  p99 %7.0f µs  errors %d",
				t.name, c, l.RPS(), l.P50US, l.P99US, l.Errors)
			out = append(out, loadResult{Target: t.name, Conns: c, load: l, RPS: l.RPS()})
		}
	}
	return out, nil
}
