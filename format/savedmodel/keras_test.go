package savedmodel

import (
	"context"
	"encoding/binary"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/slipwayml/slipway/model"
)

// TestCorpusKerasLSTM runs the Keras Sequential LSTM(32) + Dense(1,
// sigmoid) model and checks it against the LSTM equations of Keras's
// documentation (gates i, f, c, o; sigmoid recurrent activation, tanh
// activation) evaluated directly on the checkpoint's weights.
func TestCorpusKerasLSTM(t *testing.T) {
	dir := filepath.Join(corpus(t), "tfnet__keras_lstm_from_sequential")
	m, err := Load(context.Background(), dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	b, err := OpenBundle(filepath.Join(dir, "variables", "variables"))
	if err != nil {
		t.Fatal(err)
	}
	weight := func(key string) []float64 {
		w, err := b.Tensor(key)
		if err != nil {
			t.Fatal(err)
		}
		v, _ := w.Float64s()
		return v
	}
	kernel := weight("variables/0/.ATTRIBUTES/VARIABLE_VALUE")    // [3, 128]
	recurrent := weight("variables/1/.ATTRIBUTES/VARIABLE_VALUE") // [32, 128]
	bias := weight("variables/2/.ATTRIBUTES/VARIABLE_VALUE")      // [128]
	dense := weight("layer_with_weights-1/kernel/.ATTRIBUTES/VARIABLE_VALUE")
	denseBias := weight("layer_with_weights-1/bias/.ATTRIBUTES/VARIABLE_VALUE")

	const batch, steps, features, units = 2, 5, 3, 32
	x := make([]float32, batch*steps*features)
	for i := range x {
		x[i] = float32(math.Sin(float64(i)))
	}
	out, err := m.Predict(context.Background(), model.Tensors{"input_1": mustT([]int{batch, steps, features}, x...)}, nil)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := out["dense"].Float64s()

	sigmoid := func(v float64) float64 { return 1 / (1 + math.Exp(-v)) }
	for n := range batch {
		h, c := make([]float64, units), make([]float64, units)
		for s := range steps {
			z := make([]float64, 4*units)
			for j := range z {
				z[j] = bias[j]
				for k := range features {
					z[j] += float64(x[(n*steps+s)*features+k]) * kernel[k*4*units+j]
				}
				for k := range units {
					z[j] += h[k] * recurrent[k*4*units+j]
				}
			}
			for j := range units {
				i, f := sigmoid(z[j]), sigmoid(z[units+j])
				g, o := math.Tanh(z[2*units+j]), sigmoid(z[3*units+j])
				c[j] = f*c[j] + i*g
				h[j] = o * math.Tanh(c[j])
			}
		}
		want := denseBias[0]
		for k := range units {
			want += h[k] * dense[k]
		}
		want = sigmoid(want)
		if math.Abs(got[n]-want) > 1e-5 {
			t.Errorf("row %d: dense = %v, want %v", n, got[n], want)
		}
	}
	if s := out["dense"].Shape(); len(s) != 2 || s[0] != batch || s[1] != 1 {
		t.Errorf("dense has shape %v, want [%d 1]", s, batch)
	}
}

// readNpy reads a little-endian float32 .npy file (format version 1).
func readNpy(t *testing.T, path string) []float64 {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(b) < 10 || string(b[:6]) != "\x93NUMPY" {
		t.Fatalf("%s is not a .npy file", path)
	}
	n := int(binary.LittleEndian.Uint16(b[8:]))
	header, data := string(b[10:10+n]), b[10+n:]
	if !strings.Contains(header, "'<f4'") || strings.Contains(header, "'fortran_order': True") {
		t.Fatalf("%s: unsupported header %s", path, header)
	}
	out := make([]float64, len(data)/4)
	for i := range out {
		out[i] = float64(math.Float32frombits(binary.LittleEndian.Uint32(data[4*i:])))
	}
	return out
}

// TestCorpusKerasDense checks the MNIST Flatten → Dense(100, relu) →
// Dense(10) → Softmax model: the restored weights against the .npy files
// TensorFlow.NET wrote from the same model, and predictions against the
// layers' equations on those weights.
func TestCorpusKerasDense(t *testing.T) {
	dir := filepath.Join(corpus(t), "tfnet__keras_simple_model_from_auto_compile")
	m, err := Load(context.Background(), dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	b, err := OpenBundle(filepath.Join(dir, "variables", "variables"))
	if err != nil {
		t.Fatal(err)
	}
	weight := func(key string) []float64 {
		w, err := b.Tensor("layer_with_weights-" + key + "/.ATTRIBUTES/VARIABLE_VALUE")
		if err != nil {
			t.Fatal(err)
		}
		v, _ := w.Float64s()
		return v
	}
	w0, b0, w1, b1 := weight("0/kernel"), weight("0/bias"), weight("1/kernel"), weight("1/bias")
	if !slices.Equal(b0, readNpy(t, filepath.Join(dir, "bias0.npy"))) || !slices.Equal(w1, readNpy(t, filepath.Join(dir, "kernel1.npy"))) {
		t.Fatal("checkpoint weights differ from bias0.npy and kernel1.npy")
	}
	x := make([]float32, 784)
	for i := range x {
		x[i] = float32(math.Abs(math.Sin(float64(i))))
	}
	out, err := m.Predict(context.Background(), model.Tensors{"input_1": mustT([]int{1, 28, 28, 1}, x...)}, nil)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := out["softmax"].Float64s()
	hidden := make([]float64, 100)
	for j := range hidden {
		hidden[j] = b0[j]
		for k, v := range x {
			hidden[j] += float64(v) * w0[k*100+j]
		}
		hidden[j] = max(hidden[j], 0)
	}
	logits := make([]float64, 10)
	var sum float64
	for j := range logits {
		logits[j] = b1[j]
		for k, h := range hidden {
			logits[j] += h * w1[k*10+j]
		}
		logits[j] = math.Exp(logits[j])
		sum += logits[j]
	}
	for j := range logits {
		logits[j] /= sum
	}
	if !near(got, logits, 1e-5) {
		t.Errorf("softmax = %v, want %v", got, logits)
	}
}
