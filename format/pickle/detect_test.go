package pickle

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestIsPickle(t *testing.T) {
	tests := []struct {
		name string
		head string
		want bool
	}{
		{"protocol 2", "\x80\x02cnumpy\n", true},
		{"protocol 5", "\x80\x05\x95\x10\x00", true},
		{"protocol 0 GLOBAL", "ccopy_reg\n_reconstructor\n", true},
		{"protocol 0 INST", "(isklearn.svm\nSVC\n", true},
		{"protocol 1 dict", "}q\x00(X\x01\x00\x00\x00a", true},
		{"protocol 0 list", "(lp0\nI1\n", true},
		{"zlib", "\x78\x9c\x6b\x60", true},
		{"gzip", "\x1f\x8b\x08\x00", true},
		{"bz2", "BZh91AY&SY", true},
		{"xz", "\xfd7zXZ\x00\x00", true},
		{"lzma", "\x5d\x00\x00\x80\x00", true},
		{"lz4", "\x04\x22\x4d\x18\x64", true},
		{"joblib ZF", "ZF0x1a2              ", true},
		{"protocol 1", "\x80\x01", false},
		{"protocol 6", "\x80\x06", false},
		{"ONNX protobuf", "\x08\x07\x12\x07pytorch", false},
		{"JSON", `{"inputs": []}`, false},
		{"copyright text", "(c) 2020 Slipway", false},
		{"text starting with c", "config: true\n", false},
		{"x that is not zlib", "xyz", false},
		{"empty", "", false},
		{"one byte", "(", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := IsPickle([]byte(tt.head)); got != tt.want {
				t.Errorf("IsPickle(%q) = %v, want %v", tt.head, got, tt.want)
			}
		})
	}
}

// TestIsPickleFiles checks every generated file, and every ONNX model in
// the corpus as a negative.
func TestIsPickleFiles(t *testing.T) {
	paths, _ := filepath.Glob(filepath.Join(testdata, "*.*"))
	for _, p := range paths {
		if strings.HasSuffix(p, ".json") {
			continue
		}
		if !IsPickle(head(t, p)) {
			t.Errorf("IsPickle(%s) = false", p)
		}
	}
	root := os.Getenv("SLIPWAY_CORPUS")
	if root == "" {
		t.Skip("SLIPWAY_CORPUS is not set: ONNX negatives skipped")
	}
	n := 0
	filepath.WalkDir(filepath.Join(root, "onnx-models"), func(p string, d fs.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(p, ".onnx") {
			n++
			if IsPickle(head(t, p)) {
				t.Errorf("IsPickle(%s) = true for an ONNX model", p)
			}
		}
		return nil
	})
	if n == 0 {
		t.Error("no ONNX model found in the corpus")
	}
}

func head(t *testing.T, path string) []byte {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	b := make([]byte, magicLen)
	n, _ := f.Read(b)
	return b[:n]
}
