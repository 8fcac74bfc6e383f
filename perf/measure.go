package perf

import (
	"context"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/slipwayml/slipway/model"
)

// Options control a measurement. The zero value measures for one second.
type Options struct {
	Duration time.Duration // how long to call Predict (default 1s)
	Warmup   int           // calls before timing starts (default 100)
	Outputs  []string      // outputs to compute (default: the model's default)
}

// Result summarises one batch size.
type Result struct {
	BatchSize int     `json:"batch_size"`
	Calls     int     `json:"calls"`
	P50us     float64 `json:"p50_us"`
	P99us     float64 `json:"p99_us"`
	RowsPerS  float64 `json:"rows_per_s"`
}

// Measure calls m.Predict on inputs repeatedly for opts.Duration and
// reports latency percentiles and rows per second. batch is the number of
// rows in inputs.
func Measure(ctx context.Context, m model.Model, inputs model.Tensors, batch int, opts Options) (Result, error) {
	if opts.Duration <= 0 {
		opts.Duration = time.Second
	}
	if opts.Warmup <= 0 {
		opts.Warmup = 100
	}
	for range opts.Warmup {
		if _, err := m.Predict(ctx, inputs, opts.Outputs); err != nil {
			return Result{}, fmt.Errorf("warm-up: %w", err)
		}
	}
	lat := make([]time.Duration, 0, 1<<16)
	start := time.Now()
	deadline := start.Add(opts.Duration)
	for time.Now().Before(deadline) {
		if err := ctx.Err(); err != nil {
			return Result{}, err
		}
		t0 := time.Now()
		if _, err := m.Predict(ctx, inputs, opts.Outputs); err != nil {
			return Result{}, err
		}
		lat = append(lat, time.Since(t0))
	}
	elapsed := time.Since(start)
	slices.Sort(lat)
	return Result{
		BatchSize: batch,
		Calls:     len(lat),
		P50us:     micros(Percentile(lat, 0.50)),
		P99us:     micros(Percentile(lat, 0.99)),
		RowsPerS:  float64(len(lat)*batch) / elapsed.Seconds(),
	}, nil
}

// Percentile returns the nearest-rank q-quantile (0 < q ≤ 1) of sorted
// durations, the definition scripts/bench_sklearn.py uses too, so both sides
// of a comparison are summarised alike.
func Percentile(sorted []time.Duration, q float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	k := int(math.Ceil(q * float64(len(sorted))))
	return sorted[min(max(k, 1), len(sorted))-1]
}

func micros(d time.Duration) float64 { return float64(d.Nanoseconds()) / 1e3 }
