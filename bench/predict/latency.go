package main

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/slipwayml/slipway/bench/internal/cases"
	_ "github.com/slipwayml/slipway/format/sklearn" // registers the format model.Load detects
	"github.com/slipwayml/slipway/model"
	"github.com/slipwayml/slipway/perf"
	"github.com/slipwayml/slipway/tensor"
)

// The same call counts scripts/bench_sklearn.py uses.
const (
	warmup   = 50
	minCalls = 200
	maxCalls = 1_000_000
)

// latency summarises individually timed calls.
type latency struct {
	Calls int     `json:"calls"`
	P50   float64 `json:"p50_us"`
	P99   float64 `json:"p99_us"`
}

// measure times Slipway's single-row Predict on c the way
// scripts/bench_sklearn.py times scikit-learn's predict: inputs built
// beforehand, rows cycled, each call timed on its own after a warm-up.
func measure(c cases.Model, budget time.Duration) (latency, error) {
	ctx := context.Background()
	m, err := model.Load(ctx, c.Path)
	if err != nil {
		return latency{}, err
	}
	rows, err := c.Rows()
	if err != nil {
		return latency{}, err
	}
	sig := m.Signature()
	if len(sig.Inputs) != 1 {
		return latency{}, fmt.Errorf("want a model with one input, it has %d", len(sig.Inputs))
	}
	inputs := make([]model.Tensors, len(rows))
	for i, r := range rows {
		t, err := tensor.New([]int{1, len(r)}, r)
		if err != nil {
			return latency{}, fmt.Errorf("row %d: %w", i, err)
		}
		inputs[i] = model.Tensors{sig.Inputs[0].Name: t}
	}
	call := func(i int) error {
		_, err := m.Predict(ctx, inputs[i%len(inputs)], nil)
		return err
	}
	for i := range warmup {
		if err := call(i); err != nil {
			return latency{}, fmt.Errorf("predict: %w", err)
		}
	}
	times := make([]time.Duration, 0, 1<<16)
	deadline := time.Now().Add(budget)
	for len(times) < maxCalls {
		t0 := time.Now()
		if len(times) >= minCalls && t0.After(deadline) {
			break
		}
		err := call(len(times))
		times = append(times, time.Since(t0))
		if err != nil {
			return latency{}, fmt.Errorf("predict: %w", err)
		}
	}
	return summarize(times), nil
}

// summarize returns the median and 99th percentile of times.
func summarize(times []time.Duration) latency {
	slices.Sort(times)
	us := func(d time.Duration) float64 { return float64(d) / float64(time.Microsecond) }
	return latency{Calls: len(times), P50: us(perf.Percentile(times, 0.50)), P99: us(perf.Percentile(times, 0.99))}
}
