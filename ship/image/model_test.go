package image_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/slipwayml/slipway/bundle"
	"github.com/slipwayml/slipway/ship/image"
	"github.com/slipwayml/slipway/ship/image/imagetest"
)

// writeBundle packages the example model as the bundle flowers.slip.
func writeBundle(t testing.TB) string {
	t.Helper()
	slip := filepath.Join(t.TempDir(), "flowers.slip")
	f, err := os.Create(slip)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := bundle.Create(context.Background(), f, imagetest.WriteExample(t), bundle.Options{Name: "flowers"}); err != nil {
		t.Fatal(err)
	}
	return slip
}

func TestOpen(t *testing.T) {
	pkl, slip := imagetest.WriteExample(t), writeBundle(t)
	tests := []struct {
		path         string
		name, format string
		artifact     string
		files        []string
	}{
		{pkl, "iris", "sklearn", "iris.pkl", []string{"iris.pkl"}},
		{slip, "flowers", "sklearn", "model/iris.pkl", []string{"manifest.json", "model/iris.pkl"}},
	}
	for _, tt := range tests {
		t.Run(filepath.Base(tt.path), func(t *testing.T) {
			m, err := image.Open(tt.path)
			if err != nil {
				t.Fatal(err)
			}
			if m.Name != tt.name || m.Format != tt.format || m.Artifact != tt.artifact || !slices.Equal(m.Files, tt.files) {
				t.Errorf("Open = name %q format %q artifact %q files %q, want %q %q %q %q",
					m.Name, m.Format, m.Artifact, m.Files, tt.name, tt.format, tt.artifact, tt.files)
			}
			// The digest is the file's own, as `sha256sum` prints it.
			sum := sha256.Sum256(readFile(t, tt.path))
			if want := "sha256:" + hex.EncodeToString(sum[:]); m.Digest != want {
				t.Errorf("digest = %s, want %s", m.Digest, want)
			}
			if err := m.Close(); err != nil {
				t.Fatal(err)
			}
			if _, err := os.Stat(tt.path); err != nil {
				t.Errorf("Close removed the model itself: %v", err)
			}
		})
	}
}

func TestOpenRefuses(t *testing.T) {
	notModel := filepath.Join(t.TempDir(), "notes.txt")
	if err := os.WriteFile(notModel, []byte("hello"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{notModel, filepath.Join(t.TempDir(), "missing.pkl")} {
		if _, err := image.Open(path); err == nil {
			t.Errorf("Open(%s) succeeded", filepath.Base(path))
		}
	}
}
