package onnx

import (
	"os"
	"path/filepath"
	"testing"
)

// ownModels is where scripts/gen_onnx.py writes its test models.
const ownModels = "../../testdata/onnx"

// ownCases returns the models scripts/gen_onnx.py built from fitted
// scikit-learn estimators, with scikit-learn's outputs as expected values.
func ownCases(t *testing.T) []confCase {
	dirs, err := os.ReadDir(ownModels)
	if err != nil {
		t.Fatal(err)
	}
	var cases []confCase
	for _, d := range dirs {
		dir := filepath.Join(ownModels, d.Name())
		c := backendCase{name: "testdata/onnx/" + d.Name(), model: filepath.Join(dir, "model.onnx"), data: filepath.Join(dir, "test_data_set_0")}
		cases = append(cases, confCase{name: c.name, run: func() outcome { return runBackendCase(c) }})
	}
	return cases
}

func TestOwnModels(t *testing.T) {
	for _, c := range ownCases(t) {
		t.Run(filepath.Base(c.name), func(t *testing.T) {
			o := safeRun(c.run)
			if o.skip != "" || o.fail != "" {
				t.Errorf("%s%s", o.skip, o.fail)
			}
		})
	}
}
