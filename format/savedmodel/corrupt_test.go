package savedmodel

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// copyModel copies a corpus SavedModel into a temporary folder the test
// may damage.
func copyModel(t *testing.T, src string) string {
	t.Helper()
	dst := t.TempDir()
	err := filepath.WalkDir(src, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

// TestCorruptCheckpoint damages half_plus_two's checkpoint: every change
// must fail the load with an error saying what is wrong.
func TestCorruptCheckpoint(t *testing.T) {
	src := filepath.Join(corpus(t), "tfserving__saved_model_half_plus_two_cpu", "00000123")
	for _, c := range []struct {
		name, file string
		edit       func([]byte) []byte
		want       string
	}{
		{"data_bit", "variables.data-00000-of-00001", func(b []byte) []byte { b[0] ^= 1; return b }, "crc32c"},
		{"data_truncated", "variables.data-00000-of-00001", func(b []byte) []byte { return b[:2] }, "outside"},
		{"index_bit", "variables.index", func(b []byte) []byte { b[5] ^= 1; return b }, "corrupt variables.index"},
		{"index_truncated", "variables.index", func(b []byte) []byte { return b[:len(b)-9] }, "corrupt variables.index"},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := copyModel(t, src)
			path := filepath.Join(dir, "variables", c.file)
			b, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, c.edit(b), 0o644); err != nil {
				t.Fatal(err)
			}
			_, err = Load(context.Background(), dir, Options{})
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("Load error = %v, want one containing %q", err, c.want)
			}
		})
	}
}
