package onnx

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"sync"
	"testing"

	"github.com/slipwayml/slipway/model"
	"github.com/slipwayml/slipway/tensor"
)

func loadOwn(t *testing.T, name string) *Model {
	t.Helper()
	m, err := Load(filepath.Join(ownModels, name, "model.onnx"))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestSignature(t *testing.T) {
	sig := loadOwn(t, "ml_linear_classifier").Signature()
	want := model.Signature{
		Inputs:  []model.TensorSpec{{Name: "X", DType: tensor.Float32, Shape: []int{-1, 4}}},
		Outputs: []model.TensorSpec{{Name: "label", DType: tensor.Int64, Shape: []int{-1}}, {Name: "proba", DType: tensor.Float32, Shape: []int{-1, 3}}},
		Default: []string{"label", "proba"},
	}
	if fmt.Sprint(sig) != fmt.Sprint(want) {
		t.Errorf("Signature() = %+v, want %+v", sig, want)
	}
}

func TestPredictInputs(t *testing.T) {
	m := loadOwn(t, "ml_scaler")
	f64, _ := tensor.New([]int{1, 3}, []float64{1, 2, 3})
	f32, _ := tensor.New([]int{1, 3}, []float32{1, 2, 3})
	wide, _ := tensor.New([]int{1, 4}, []float32{1, 2, 3, 4})
	flat, _ := tensor.New([]int{3}, []float32{1, 2, 3})
	str, _ := tensor.New([]int{1, 3}, []string{"a", "b", "c"})
	tests := []struct {
		name     string
		inputs   model.Tensors
		outputs  []string
		badInput bool
	}{
		{"FP32", model.Tensors{"X": f32}, nil, false},
		{"FP64 converted", model.Tensors{"X": f64}, nil, false},
		{"wrong width", model.Tensors{"X": wide}, nil, true},
		{"wrong rank", model.Tensors{"X": flat}, nil, true},
		{"wrong dtype", model.Tensors{"X": str}, nil, true},
		{"missing input", model.Tensors{}, nil, true},
		{"unknown input", model.Tensors{"X": f32, "Q": f32}, nil, true},
		{"unknown output", model.Tensors{"X": f32}, []string{"nope"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := m.Predict(context.Background(), tt.inputs, tt.outputs)
			if tt.badInput {
				if !model.IsInputError(err) {
					t.Errorf("Predict: got %v, want an *InputError", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if y := out["Y"]; y == nil || y.DType() != tensor.Float32 || !slices.Equal(y.Shape(), []int{1, 3}) {
				t.Errorf("Predict: got %v", out)
			}
		})
	}
}

// TestPredictConcurrent runs one model from many goroutines; with -race it
// checks kernels share no mutable state.
func TestPredictConcurrent(t *testing.T) {
	m := loadOwn(t, "ml_tree_ensemble_classifier")
	x, _ := tensor.New([]int{2, 4}, []float32{0.1, -1, 2, 0.5, 1, 1, -2, 0})
	want, err := m.Predict(context.Background(), model.Tensors{"X": x}, nil)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 50 {
				got, err := m.Predict(context.Background(), model.Tensors{"X": x}, []string{"label"})
				if err != nil {
					t.Error(err)
					return
				}
				if fmt.Sprint(got["label"].Data()) != fmt.Sprint(want["label"].Data()) {
					t.Errorf("label = %v, want %v", got["label"].Data(), want["label"].Data())
					return
				}
			}
		}()
	}
	wg.Wait()
}

func TestPredictCancelled(t *testing.T) {
	m := loadOwn(t, "ml_scaler")
	x, _ := tensor.New([]int{1, 3}, []float32{1, 2, 3})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := m.Predict(ctx, model.Tensors{"X": x}, nil); err != context.Canceled {
		t.Errorf("Predict with a cancelled context: got %v", err)
	}
}

func TestDetectRegistered(t *testing.T) {
	f, err := model.Detect(filepath.Join(ownModels, "ml_scaler", "model.onnx"))
	if err != nil || f.Name != "onnx" {
		t.Errorf("Detect = %q, %v; want onnx", f.Name, err)
	}
}
