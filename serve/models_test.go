package serve

import (
	"context"
	"errors"
	"fmt"
	"math"

	"github.com/slipwayml/slipway/model"
	"github.com/slipwayml/slipway/tensor"
)

// Test models. sumModel is MLServer's test "sum-model": the row-wise sum
// of its one input. features > 0 makes it insist on that many columns, like
// a fitted estimator; both makes both outputs the default.
type sumModel struct {
	features int
	both     bool
}

var _ model.Model = sumModel{}

func (m sumModel) Signature() model.Signature {
	return model.Signature{
		Inputs: []model.TensorSpec{{Name: "input-0", DType: tensor.Float64, Shape: []int{-1, cmpFeatures(m.features)}}},
		Outputs: []model.TensorSpec{
			{Name: "total", DType: tensor.Float64, Shape: []int{-1}},
			{Name: "count", DType: tensor.Int64, Shape: []int{-1}},
		},
		Default: m.defaults(),
	}
}

func (m sumModel) defaults() []string {
	if m.both {
		return []string{"total", "count"}
	}
	return []string{"total"}
}

func cmpFeatures(n int) int {
	if n == 0 {
		return -1
	}
	return n
}

func (m sumModel) Predict(_ context.Context, in model.Tensors, outputs []string) (model.Tensors, error) {
	x, ok := in["input-0"]
	if !ok {
		return nil, model.BadInput("missing input %q", "input-0")
	}
	sh := x.Shape()
	if len(sh) != 2 {
		return nil, model.BadInput("input-0 has shape %v; want [rows, features]", sh)
	}
	if m.features > 0 && sh[1] != m.features {
		return nil, model.BadInput("input-0 has %d features; model expects %d", sh[1], m.features)
	}
	v, ok := tensor.Values[float64](x)
	if !ok {
		return nil, model.BadInput("input-0 is %v; want FP64", x.DType())
	}
	total := make([]float64, sh[0])
	count := make([]int64, sh[0])
	for i := range total {
		for _, f := range v[i*sh[1] : (i+1)*sh[1]] {
			total[i] += f
		}
		count[i] = int64(sh[1])
	}
	if len(outputs) == 0 {
		outputs = m.defaults()
	}
	out := model.Tensors{}
	for _, o := range outputs {
		var err error
		switch o {
		case "total":
			out[o], err = tensor.New([]int{sh[0]}, total)
		case "count":
			out[o], err = tensor.New([]int{sh[0]}, count)
		default:
			return nil, model.BadInput("unknown output %q", o)
		}
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// halfPlusTwo is TF Serving's half_plus_two test model, y = 0.5x + 2 on
// FP32 tensors of any shape.
type halfPlusTwo struct{}

func (halfPlusTwo) Signature() model.Signature {
	return model.Signature{
		Inputs:  []model.TensorSpec{{Name: "x", DType: tensor.Float32, Shape: []int{-1}}},
		Outputs: []model.TensorSpec{{Name: "y", DType: tensor.Float32, Shape: []int{-1}}},
		Default: []string{"y"},
	}
}

func (halfPlusTwo) Predict(_ context.Context, in model.Tensors, _ []string) (model.Tensors, error) {
	x, ok := in["x"]
	if !ok {
		return nil, model.BadInput("missing input x")
	}
	v, ok := tensor.Values[float32](x)
	if !ok {
		return nil, model.BadInput("x is %v; want FP32", x.DType())
	}
	y := make([]float32, len(v))
	for i, f := range v {
		y[i] = 0.5*f + 2
	}
	t, err := tensor.New(x.Shape(), y)
	return model.Tensors{"y": t}, err
}

// identity echoes its FP64 input, so non-finite values come back out.
type identity struct{}

func (identity) Signature() model.Signature {
	return model.Signature{
		Inputs:  []model.TensorSpec{{Name: "x", DType: tensor.Float64, Shape: []int{-1}}},
		Outputs: []model.TensorSpec{{Name: "y", DType: tensor.Float64, Shape: []int{-1}}},
		Default: []string{"y"},
	}
}

func (identity) Predict(_ context.Context, in model.Tensors, _ []string) (model.Tensors, error) {
	return model.Tensors{"y": in["x"]}, nil
}

// infModel answers +Inf, -Inf and NaN whatever it is given.
type infModel struct{ identity }

func (infModel) Predict(context.Context, model.Tensors, []string) (model.Tensors, error) {
	t, err := tensor.New([]int{3}, []float64{math.Inf(1), math.Inf(-1), math.NaN()})
	return model.Tensors{"y": t}, err
}

// panicModel panics in Predict.
type panicModel struct{ identity }

func (panicModel) Predict(context.Context, model.Tensors, []string) (model.Tensors, error) {
	panic("boom")
}

// slowModel blocks until release is closed (or the request is cancelled),
// telling started when it begins.
type slowModel struct {
	identity
	started chan struct{}
	release chan struct{}
}

func (m slowModel) Predict(ctx context.Context, in model.Tensors, out []string) (model.Tensors, error) {
	m.started <- struct{}{}
	select {
	case <-m.release:
	case <-ctx.Done():
		return nil, fmt.Errorf("slow model: %w", ctx.Err())
	}
	return m.identity.Predict(ctx, in, out)
}

// strlen answers the byte length of each element of its BYTES input.
type strlen struct{}

func (strlen) Signature() model.Signature {
	return model.Signature{
		Inputs:  []model.TensorSpec{{Name: "s", DType: tensor.String, Shape: []int{-1}}},
		Outputs: []model.TensorSpec{{Name: "n", DType: tensor.Int64, Shape: []int{-1}}},
		Default: []string{"n"},
	}
}

func (strlen) Predict(_ context.Context, in model.Tensors, _ []string) (model.Tensors, error) {
	s, ok := tensor.Values[string](in["s"])
	if !ok {
		return nil, model.BadInput("s must be BYTES")
	}
	n := make([]int64, len(s))
	for i, e := range s {
		n[i] = int64(len(e))
	}
	t, err := tensor.New([]int{len(n)}, n)
	return model.Tensors{"n": t}, err
}

// failModel fails with a server-side error.
type failModel struct{ identity }

func (failModel) Predict(context.Context, model.Tensors, []string) (model.Tensors, error) {
	return nil, errors.New("weights file vanished")
}
