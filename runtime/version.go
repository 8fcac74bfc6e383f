package runtime

import (
	"context"
	"fmt"
	"time"

	"github.com/slipwayml/slipway/model"
	"github.com/slipwayml/slipway/monitor"
)

// Version is one loaded version of a model. It is immutable once added.
type Version struct {
	model   string
	version string
	m       model.Model
	limit   *limiter
	metrics monitor.ModelMetrics
}

// Name returns the model name.
func (v *Version) Name() string { return v.model }

// Version returns the version string.
func (v *Version) Version() string { return v.version }

// Model returns the loaded model.
func (v *Version) Model() model.Model { return v.m }

// Predict runs the model under the version's concurrency limit, timing the
// inference and turning a panic into an error wrapping ErrModelPanic.
func (v *Version) Predict(ctx context.Context, inputs model.Tensors, outputs []string) (model.Tensors, error) {
	if err := v.limit.acquire(ctx); err != nil {
		return nil, fmt.Errorf("model %s version %s: %w", v.model, v.version, err)
	}
	defer v.limit.release()
	start := time.Now()
	out, err := v.predict(ctx, inputs, outputs)
	if v.metrics.Inference != nil {
		v.metrics.Inference.Observe(time.Since(start).Seconds())
	}
	return out, err
}

func (v *Version) predict(ctx context.Context, inputs model.Tensors, outputs []string) (out model.Tensors, err error) {
	defer func() {
		if p := recover(); p != nil {
			if v.metrics.Panics != nil {
				v.metrics.Panics.Inc()
			}
			out, err = nil, fmt.Errorf("model %s version %s: %w: %v", v.model, v.version, ErrModelPanic, p)
		}
	}()
	return v.m.Predict(ctx, inputs, outputs)
}
