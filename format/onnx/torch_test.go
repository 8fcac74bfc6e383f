package onnx

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/slipwayml/slipway/model"
	"github.com/slipwayml/slipway/tensor"
)

// torchModels is where scripts/gen_torch.py writes its PyTorch exports.
const torchModels = "testdata/torch"

// The acceptance bound for PyTorch exports: 1e-4 relative, and a small
// absolute term for outputs near zero.
const torchRTol, torchATol = 1e-4, 1e-5

// TestTorchModels runs every PyTorch export through Predict, as a server
// would, on each recorded data set (a second batch size where the batch
// axis is dynamic) and compares with what PyTorch computed.
func TestTorchModels(t *testing.T) {
	dirs, err := os.ReadDir(torchModels)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range dirs {
		t.Run(d.Name(), func(t *testing.T) {
			t.Parallel()
			dir := filepath.Join(torchModels, d.Name())
			m, err := Load(filepath.Join(dir, "model.onnx"))
			if err != nil {
				t.Fatal(err)
			}
			sets, _ := filepath.Glob(filepath.Join(dir, "test_data_set_*"))
			if len(sets) == 0 {
				t.Fatal("no test_data_set folder")
			}
			for _, set := range sets {
				if err := checkTorchSet(m, set); err != nil {
					t.Errorf("%s: %v", filepath.Base(set), err)
				}
			}
		})
	}
}

// checkTorchSet feeds a data set's inputs to m and compares every output.
func checkTorchSet(m *Model, set string) error {
	sig := m.Signature()
	feeds := model.Tensors{}
	for i, in := range sig.Inputs {
		v, err := readValue(filepath.Join(set, fmt.Sprintf("input_%d.pb", i)), nil)
		if err != nil {
			return fmt.Errorf("input %q: %w", in.Name, err)
		}
		feeds[in.Name] = v.(*tensor.Tensor)
	}
	names := make([]string, len(sig.Outputs))
	for i, out := range sig.Outputs {
		names[i] = out.Name
	}
	got, err := m.Predict(context.Background(), feeds, names)
	if err != nil {
		return err
	}
	for i, name := range names {
		want, err := readValue(filepath.Join(set, fmt.Sprintf("output_%d.pb", i)), nil)
		if err != nil {
			return fmt.Errorf("output %q: %w", name, err)
		}
		if d := compareValues(got[name], want, torchRTol, torchATol); d != "" {
			return fmt.Errorf("output %q: %s", name, d)
		}
	}
	return nil
}
