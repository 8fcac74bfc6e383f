package savedmodel

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
)

// tfMetadata is the part of TF Serving's GetModelMetadata response that
// SignatureDefs feeds.
type tfMetadata struct {
	Metadata struct {
		SignatureDef struct {
			SignatureDef map[string]struct {
				Inputs     map[string]tfTensorInfo `json:"inputs"`
				Outputs    map[string]tfTensorInfo `json:"outputs"`
				MethodName string                  `json:"method_name"`
			} `json:"signature_def"`
		} `json:"signature_def"`
	} `json:"metadata"`
}

type tfTensorInfo struct {
	DType       string `json:"dtype"`
	Name        string `json:"name"`
	TensorShape struct {
		Dim []struct {
			Size string `json:"size"`
		} `json:"dim"`
		UnknownRank bool `json:"unknown_rank"`
	} `json:"tensor_shape"`
}

func (w tfTensorInfo) matches(g TensorInfo) bool {
	var dims []int
	for _, d := range w.TensorShape.Dim {
		n, err := strconv.Atoi(d.Size)
		if err != nil {
			return false
		}
		dims = append(dims, n)
	}
	return g.Name == w.Name && g.DType == w.DType && g.UnknownRank == w.TensorShape.UnknownRank && slices.Equal(g.Shape, dims)
}

// TestCorpusMetadata compares SignatureDefs with TF Serving's recorded
// metadata responses.
func TestCorpusMetadata(t *testing.T) {
	root := corpus(t)
	for _, c := range []struct{ dir, golden string }{
		{"tfserving__saved_model_half_plus_two_2_versions/00000123", "saved_model_half_plus_two_2_versions_metadata.json"},
		{"tfserving__saved_model_half_plus_two_tf2_cpu/00000123", "saved_model_half_plus_two_tf2_2_versions_metadata.json"},
	} {
		t.Run(c.golden, func(t *testing.T) {
			b, err := os.ReadFile(filepath.Join(root, "_expected", "tfserving", c.golden))
			if err != nil {
				t.Fatal(err)
			}
			var want tfMetadata
			if err := json.Unmarshal(b, &want); err != nil {
				t.Fatal(err)
			}
			m, err := Load(context.Background(), filepath.Join(root, c.dir), Options{})
			if err != nil {
				t.Fatal(err)
			}
			got := m.SignatureDefs()
			wantDefs := want.Metadata.SignatureDef.SignatureDef
			if len(got) != len(wantDefs) {
				t.Errorf("%d signatures, want %d", len(got), len(wantDefs))
			}
			for name, w := range wantDefs {
				g := got[name]
				if g.Method != w.MethodName || len(g.Inputs) != len(w.Inputs) || len(g.Outputs) != len(w.Outputs) {
					t.Errorf("%s = %+v, want method %q and %d/%d tensors", name, g, w.MethodName, len(w.Inputs), len(w.Outputs))
				}
				for key, wi := range w.Inputs {
					if !wi.matches(g.Inputs[key]) {
						t.Errorf("%s input %s = %+v, want %+v", name, key, g.Inputs[key], wi)
					}
				}
				for key, wi := range w.Outputs {
					if !wi.matches(g.Outputs[key]) {
						t.Errorf("%s output %s = %+v, want %+v", name, key, g.Outputs[key], wi)
					}
				}
			}
		})
	}
}
