package runtime

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/slipwayml/slipway/model"
	"github.com/slipwayml/slipway/monitor"
)

// Version is one loaded version of a model. It is immutable once added,
// except for the count of predictions running on it.
type Version struct {
	model   string
	version string
	m       model.Model
	limit   *limiter
	metrics monitor.ModelMetrics

	// active counts running predictions; once retired is set, the last
	// one to finish closes drained.
	active    atomic.Int64
	retired   atomic.Bool
	drained   chan struct{}
	drainOnce sync.Once
}

// Name returns the model name.
func (v *Version) Name() string { return v.model }

// Version returns the version string.
func (v *Version) Version() string { return v.version }

// Model returns the loaded model.
func (v *Version) Model() model.Model { return v.m }

// Predict runs the model under the version's concurrency limit, timing the
// inference and turning a panic into an error wrapping ErrModelPanic. A
// retired version still answers: a request that looked it up just before a
// swap finishes on it.
func (v *Version) Predict(ctx context.Context, inputs model.Tensors, outputs []string) (model.Tensors, error) {
	return v.run(ctx, func() (model.Tensors, error) { return v.m.Predict(ctx, inputs, outputs) })
}

// PredictSignature is Predict on the named signature of a model with
// several (model.MultiSignature); other models have none to name, which
// is the client's fault.
func (v *Version) PredictSignature(ctx context.Context, name string, inputs model.Tensors, outputs []string) (model.Tensors, error) {
	ms, ok := v.m.(model.MultiSignature)
	if !ok {
		return nil, model.BadInput("model %s version %s has no signature %q", v.model, v.version, name)
	}
	return v.run(ctx, func() (model.Tensors, error) { return ms.PredictSignature(ctx, name, inputs, outputs) })
}

func (v *Version) run(ctx context.Context, predict func() (model.Tensors, error)) (model.Tensors, error) {
	v.active.Add(1)
	defer v.done()
	if err := v.limit.acquire(ctx); err != nil {
		return nil, fmt.Errorf("model %s version %s: %w", v.model, v.version, err)
	}
	defer v.limit.release()
	start := time.Now()
	out, err := v.guard(predict)
	if v.metrics.Inference != nil {
		v.metrics.Inference.Observe(time.Since(start).Seconds())
	}
	return out, err
}

func (v *Version) done() {
	if v.active.Add(-1) == 0 && v.retired.Load() {
		v.drainOnce.Do(func() { close(v.drained) })
	}
}

// retire marks v as no longer served. Whichever of retire and the last
// running prediction sees the other's mark closes drained.
func (v *Version) retire() {
	v.retired.Store(true)
	if v.metrics.Loaded != nil {
		v.metrics.Loaded.Set(0)
	}
	if v.active.Load() == 0 {
		v.drainOnce.Do(func() { close(v.drained) })
	}
}

// Drain waits until no prediction runs on v, which Set has retired, and
// returns how many were running when it was called. The model is then
// unreferenced by the runtime and freed with the last request holding it.
func (v *Version) Drain(ctx context.Context) (inFlight int64, err error) {
	inFlight = v.active.Load()
	select {
	case <-v.drained:
		return inFlight, nil
	case <-ctx.Done():
		return inFlight, fmt.Errorf("drain model %s version %s: %w", v.model, v.version, ctx.Err())
	}
}

func (v *Version) guard(predict func() (model.Tensors, error)) (out model.Tensors, err error) {
	defer func() {
		if p := recover(); p != nil {
			if v.metrics.Panics != nil {
				v.metrics.Panics.Inc()
			}
			out, err = nil, fmt.Errorf("model %s version %s: %w: %v", v.model, v.version, ErrModelPanic, p)
		}
	}()
	return predict()
}
