package cases

import (
	"os"
	"path/filepath"
	"testing"
)

// TestModels checks that every benchmark model is in testdata with rows of
// 30 features, the shape the harnesses' acceptance figures assume.
func TestModels(t *testing.T) {
	root := filepath.Join("..", "..", "..")
	for _, name := range Names() {
		t.Run(name, func(t *testing.T) {
			m, err := Lookup(root, name)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := os.Stat(m.Path); err != nil {
				t.Fatalf("model file: %v (run scripts/gen_sklearn.py)", err)
			}
			rows, err := m.Rows()
			if err != nil {
				t.Fatal(err)
			}
			for i, r := range rows {
				if len(r) != 30 {
					t.Errorf("row %d has %d features, want 30", i, len(r))
				}
			}
		})
	}
	if _, err := Lookup(root, "bench_nope"); err == nil {
		t.Error("Lookup of an unknown model succeeded")
	}
}
