// Package cases names the models the speed benchmarks run and reads the rows
// scikit-learn's outputs were recorded for, which every harness sends.
package cases

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
)

// Model is a benchmark model: testdata/sklearn/<Name>/ holds its file and
// its expected.json.
type Model struct {
	Name string
	Path string // the model file
}

// files maps each benchmark model to the file it is read from; bench_rf100
// is the tree family's, saved compressed as a real deployment would.
var files = map[string]string{
	"bench_lr30":  "model.p4.pkl",
	"bench_rf100": "model.xz.joblib",
	"bench_svc":   "model.p4.pkl",
}

// Names returns the benchmark models' names, sorted.
func Names() []string {
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// Lookup returns the named benchmark model under the repository root.
func Lookup(root, name string) (Model, error) {
	f, ok := files[name]
	if !ok {
		return Model{}, fmt.Errorf("unknown benchmark model %q (known: %v)", name, Names())
	}
	return Model{Name: name, Path: filepath.Join(root, "testdata", "sklearn", name, f)}, nil
}

// Rows returns the X of the model's expected.json.
func (m Model) Rows() ([][]float64, error) {
	path := filepath.Join(filepath.Dir(m.Path), "expected.json")
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var e struct {
		X [][]float64 `json:"X"`
	}
	if err := json.Unmarshal(b, &e); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(e.X) == 0 {
		return nil, fmt.Errorf("%s: no rows in X", path)
	}
	return e.X, nil
}
