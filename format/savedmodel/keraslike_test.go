package savedmodel

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/slipwayml/slipway/model"
	"github.com/slipwayml/slipway/tensor"
)

// kerasLikeCase is a testdata/keraslike/<name>/expected.json: the inputs
// fed to serving_default and the outputs PyTorch computes for the same
// layers on the same weights (scripts/gen_savedmodel.py).
type kerasLikeCase struct {
	Inputs  map[string]jsonTensor `json:"inputs"`
	Outputs map[string]jsonTensor `json:"outputs"`
}

type jsonTensor struct {
	DType string    `json:"dtype"`
	Shape []int     `json:"shape"`
	Data  []float64 `json:"data"`
	B64   []string  `json:"b64"` // BYTES elements
}

func (j jsonTensor) tensor(t testing.TB) *tensor.Tensor {
	t.Helper()
	if j.DType == "BYTES" {
		s := make([]string, len(j.B64))
		for i, e := range j.B64 {
			b, err := base64.StdEncoding.DecodeString(e)
			if err != nil {
				t.Fatal(err)
			}
			s[i] = string(b)
		}
		v, err := tensor.New(j.Shape, s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	dt, err := tensor.ParseDType(j.DType)
	if err != nil {
		t.Fatal(err)
	}
	v, err := fromFloat64(dt, j.Shape, j.Data)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// loadKerasLike loads the model in dir with its expected.json case and
// that case's inputs.
func loadKerasLike(tb testing.TB, dir string) (*Model, kerasLikeCase, model.Tensors) {
	tb.Helper()
	raw, err := os.ReadFile(filepath.Join(dir, "expected.json"))
	if err != nil {
		tb.Fatal(err)
	}
	var c kerasLikeCase
	if err := json.Unmarshal(raw, &c); err != nil {
		tb.Fatal(err)
	}
	m, err := Load(context.Background(), dir, Options{})
	if err != nil {
		tb.Fatal(err)
	}
	in := model.Tensors{}
	for name, v := range c.Inputs {
		in[name] = v.tensor(tb)
	}
	return m, c, in
}

// TestKerasLike loads SavedModels written the way TF2 exports Keras
// models (a function library behind StatefulPartitionedCall, variables
// restored from a TensorBundle) and checks their predictions against
// PyTorch's on the same weights, to float32 precision.
func TestKerasLike(t *testing.T) {
	dirs, err := filepath.Glob(filepath.Join("testdata", "keraslike", "*"))
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no models in testdata/keraslike: %v", err)
	}
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			m, c, in := loadKerasLike(t, dir)
			out, err := m.Predict(context.Background(), in, nil)
			if err != nil {
				t.Fatal(err)
			}
			for name, want := range c.Outputs {
				got, ok := out[name]
				if !ok {
					t.Fatalf("no output %q in %v", name, out)
				}
				g, _ := got.Float64s()
				if got.DType() != tensor.Float32 || !slices.Equal(got.Shape(), want.Shape) || !near(g, want.Data, 1e-5) {
					t.Errorf("%s = %v %v %v,\nwant FP32 %v %v", name, got.DType(), got.Shape(), g, want.Shape, want.Data)
				}
			}
		})
	}
}

// BenchmarkKerasLike times one prediction of each testdata/keraslike model
// on its expected.json inputs.
func BenchmarkKerasLike(b *testing.B) {
	dirs, _ := filepath.Glob(filepath.Join("testdata", "keraslike", "*"))
	for _, dir := range dirs {
		b.Run(filepath.Base(dir), func(b *testing.B) {
			m, _, in := loadKerasLike(b, dir)
			for b.Loop() {
				if _, err := m.Predict(context.Background(), in, nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
