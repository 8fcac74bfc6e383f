// Package example bundles a small scikit-learn model (iris species from four
// measurements) so `slipway serve` and `slipway predict` work with no files.
package example

import (
	_ "embed"
	"fmt"
	"os"
	"path/filepath"
)

// Model is the example model's pickle, written by scripts/gen_example.py.
//
//go:embed iris.pkl
var Model []byte

// Request is an example request body for the model.
//
//go:embed request.json
var Request []byte

// Name is the name the example model is served under.
const Name = "iris"

// Write stores the example model in dir (created if needed) and returns its path.
func Write(dir string) (string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("example model: %w", err)
	}
	path := filepath.Join(dir, Name+".pkl")
	if err := os.WriteFile(path, Model, 0o644); err != nil {
		return "", fmt.Errorf("example model: %w", err)
	}
	return path, nil
}
