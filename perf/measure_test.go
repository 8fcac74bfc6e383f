package perf

import (
	"context"
	"errors"
	"reflect"
	"sync/atomic"
	"testing"
	"time"

	"github.com/slipwayml/slipway/model"
	"github.com/slipwayml/slipway/tensor"
)

// countingModel echoes its input and counts calls.
type countingModel struct {
	calls atomic.Int64
	fail  bool
}

func (m *countingModel) Signature() model.Signature { return model.Signature{} }

func (m *countingModel) Predict(_ context.Context, in model.Tensors, _ []string) (model.Tensors, error) {
	m.calls.Add(1)
	if m.fail {
		return nil, errors.New("boom")
	}
	return in, nil
}

func TestMeasure(t *testing.T) {
	x, _ := tensor.New([]int{2, 1}, []float64{1, 2})
	m := &countingModel{}
	res, err := Measure(context.Background(), m, model.Tensors{"x": x}, 2, Options{Duration: 20 * time.Millisecond, Warmup: 5})
	if err != nil {
		t.Fatal(err)
	}
	if res.Calls == 0 || int64(res.Calls+5) != m.calls.Load() {
		t.Errorf("calls = %d (+5 warm-up), model saw %d", res.Calls, m.calls.Load())
	}
	if res.BatchSize != 2 || res.P50us > res.P99us || res.RowsPerS <= 0 {
		t.Errorf("implausible result %+v", res)
	}
	if _, err := Measure(context.Background(), &countingModel{fail: true}, model.Tensors{"x": x}, 2, Options{}); err == nil {
		t.Error("a failing model: want an error")
	}
}

func TestBatch(t *testing.T) {
	x, _ := tensor.New([]int{2, 2}, []int64{1, 2, 3, 4})
	got, err := Batch(model.Tensors{"x": x}, 5)
	if err != nil {
		t.Fatal(err)
	}
	if want := []int64{1, 2, 3, 4, 1, 2, 3, 4, 1, 2}; !reflect.DeepEqual(got["x"].Data(), want) {
		t.Errorf("data = %v, want %v", got["x"].Data(), want)
	}
	empty, _ := tensor.New([]int{0, 2}, []int64{})
	if _, err := Batch(model.Tensors{"x": empty}, 3); err == nil {
		t.Error("no rows: want an error")
	}
}

func TestPercentile(t *testing.T) {
	var d []time.Duration
	for i := 1; i <= 100; i++ {
		d = append(d, time.Duration(i))
	}
	if p := Percentile(d, 0.5); p != 50 {
		t.Errorf("p50 = %v, want 50", p)
	}
	if p := Percentile(d, 0.99); p != 99 {
		t.Errorf("p99 = %v, want 99", p)
	}
}
