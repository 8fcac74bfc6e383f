//go:build unix

package onnx

import (
	"errors"
	"os"
	"testing"
)

// TestParseTruncatedFile truncates the model file after mapping it, as an
// in-place copy over a model being loaded does: reading the mapping faults,
// and the load must fail instead of the process.
func TestParseTruncatedFile(t *testing.T) {
	path := writeModel(t, t.TempDir(), tinyModel())
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		t.Fatal(err)
	}
	data, release, err := readModel(f, fi.Size())
	if err != nil {
		t.Fatal(err)
	}
	defer release()
	if err := os.Truncate(path, 0); err != nil {
		t.Fatal(err)
	}
	if _, err := parse(data, nil); !errors.Is(err, ErrLoadPanic) {
		t.Errorf("parse of a truncated mapping: got %v, want %v", err, ErrLoadPanic)
	}
}
