package main

import (
	"context"
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"time"

	_ "github.com/slipwayml/slipway/format/onnx" // registers the format model.Load detects
	"github.com/slipwayml/slipway/model"
	"github.com/slipwayml/slipway/perf"
	"github.com/slipwayml/slipway/tensor"
)

// job is one model at one batch size, loaded in Slipway, with the inputs
// both sides are given.
type job struct {
	spec
	batch int
	model model.Model
	feeds []model.Tensors
	req   ortRequest // the same model and feeds, for ort.mjs
}

// newJob loads s and draws n feeds of standard normal values, the batch
// dimension set to batch, from a generator seeded by the model's name, so
// that every run feeds a model alike. Calls cycle through the feeds, so
// that tree walks do not retrace one path the branch predictor has
// learnt, as they would not when serving.
func newJob(ctx context.Context, root string, s spec, batch, n int) (*job, error) {
	path := filepath.Join(root, s.path)
	m, err := model.Load(ctx, path)
	if err != nil {
		return nil, err
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	j := &job{spec: s, batch: batch, model: m, req: ortRequest{Model: abs}}
	h := fnv.New64a()
	h.Write([]byte(s.name))
	rng := rand.New(rand.NewPCG(h.Sum64(), uint64(batch)))
	for range n {
		feed, wire, err := draw(m.Signature(), batch, rng)
		if err != nil {
			return nil, err
		}
		j.feeds, j.req.Feeds = append(j.feeds, feed), append(j.req.Feeds, wire)
	}
	return j, nil
}

// draw makes one random feed of sig's inputs, as Slipway and ort.mjs take it.
func draw(sig model.Signature, batch int, rng *rand.Rand) (model.Tensors, []ortTensor, error) {
	feed := model.Tensors{}
	var wire []ortTensor
	for _, in := range sig.Inputs {
		if in.DType != tensor.Float32 {
			return nil, nil, fmt.Errorf("input %q is %v; the benchmark feeds float32 only", in.Name, in.DType)
		}
		shape := slices.Clone(in.Shape)
		n := 1
		for i, d := range shape {
			switch {
			case i == 0 && d < 0:
				shape[i] = batch
			case d < 0:
				return nil, nil, fmt.Errorf("input %q has shape %v: only the first dimension may be dynamic", in.Name, in.Shape)
			}
			n *= shape[i]
		}
		x := make([]float32, n)
		data := make([]float64, n)
		for i := range x {
			x[i] = float32(rng.NormFloat64())
			data[i] = float64(x[i])
		}
		t, err := tensor.New(shape, x)
		if err != nil {
			return nil, nil, fmt.Errorf("input %q: %w", in.Name, err)
		}
		feed[in.Name] = t
		wire = append(wire, ortTensor{Name: in.Name, Type: "float32", Dims: shape, Data: data})
	}
	return feed, wire, nil
}

// sides is one round's median call times, in µs.
type sides struct{ slipway, ort float64 }

// round times the job once on each side, Slipway first, for budget each
// after warmup calls; with check, it also makes sure that both compute the
// same outputs for every feed.
func (j *job) round(ctx context.Context, ort *ortRunner, budget time.Duration, warmup int, check bool) (sides, string, error) {
	times, err := j.time(ctx, budget, warmup)
	if err != nil {
		return sides{}, "", fmt.Errorf("slipway: %w", err)
	}
	req := j.req
	req.Warmup, req.Seconds = warmup, budget.Seconds()
	rep, err := ort.run(req)
	if err != nil {
		return sides{}, "", err
	}
	if check {
		if err := j.check(ctx, rep.Outputs); err != nil {
			return sides{}, "", err
		}
	}
	return sides{slipway: p50us(times), ort: p50us(rep.times())}, rep.Version, nil
}

// time calls Predict, cycling through the feeds, each call timed on its
// own for budget (at least 20 calls) after warmup calls, as ort.mjs does.
func (j *job) time(ctx context.Context, budget time.Duration, warmup int) ([]time.Duration, error) {
	for i := range warmup {
		if _, err := j.model.Predict(ctx, j.feeds[i%len(j.feeds)], nil); err != nil {
			return nil, err
		}
	}
	var times []time.Duration
	end := time.Now().Add(budget)
	for i := 0; ; i++ {
		t0 := time.Now()
		if len(times) >= 20 && t0.After(end) {
			break
		}
		if _, err := j.model.Predict(ctx, j.feeds[i%len(j.feeds)], nil); err != nil {
			return nil, err
		}
		times = append(times, time.Since(t0))
	}
	slices.Sort(times)
	return times, nil
}

// check compares Slipway's outputs for each feed with ONNX Runtime's.
func (j *job) check(ctx context.Context, want [][]ortTensor) error {
	if len(want) != len(j.feeds) {
		return fmt.Errorf("onnxruntime answered %d feeds, want %d", len(want), len(j.feeds))
	}
	for i, w := range want {
		names := make([]string, len(w))
		for k, t := range w {
			names[k] = t.Name
		}
		got, err := j.model.Predict(ctx, j.feeds[i], names)
		if err != nil {
			return fmt.Errorf("slipway: %w", err)
		}
		if err := compare(got, w); err != nil {
			return fmt.Errorf("feed %d: outputs differ: %w", i, err)
		}
	}
	return nil
}

// p50us returns the nearest-rank median of sorted times in µs.
func p50us(sorted []time.Duration) float64 {
	return float64(perf.Percentile(sorted, 0.5)) / float64(time.Microsecond)
}
