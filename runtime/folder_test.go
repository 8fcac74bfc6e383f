package runtime

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/slipwayml/slipway/model"
)

// A folder holding a file named "versioned" is a folder of versions to the
// test format: its subfolders are the versions, and "bad" fails to load.
func init() {
	isFolder := func(path string) bool {
		_, err := os.Stat(filepath.Join(path, "versioned"))
		return err == nil
	}
	model.Register(model.Format{
		Name: "test-versioned",
		Detect: func(path string, _ []byte, isDir bool) bool {
			return isDir && (isFolder(path) || isFolder(filepath.Dir(path)))
		},
		Load: func(context.Context, string) (model.Model, error) { return stub{}, nil },
		Versions: func(path string) ([]string, error) {
			if !isFolder(path) {
				return nil, nil
			}
			entries, err := os.ReadDir(path)
			var vs []string
			for _, e := range entries {
				if e.IsDir() {
					vs = append(vs, e.Name())
				}
			}
			return vs, err
		},
		LoadVersion: func(_ context.Context, _, version string) (model.Model, error) {
			if version == "bad" {
				return nil, errors.New("broken")
			}
			return stub{}, nil
		},
	})
}

func TestLoadVersions(t *testing.T) {
	folder := func(versions ...string) string {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "versioned"), nil, 0o644); err != nil {
			t.Fatal(err)
		}
		for _, v := range versions {
			if err := os.Mkdir(filepath.Join(dir, v), 0o755); err != nil {
				t.Fatal(err)
			}
		}
		return dir
	}
	single := folder("7")
	for _, tc := range []struct {
		name, path string
		latest     bool
		want       []string
		err        string
	}{
		{name: "all", path: folder("123", "124"), want: []string{"123", "124"}},
		{name: "latest", path: folder("123", "124"), latest: true, want: []string{"124"}},
		{name: "single model", path: filepath.Join(single, "7"), want: []string{DefaultVersion}},
		{name: "no versions", path: folder(), want: []string{DefaultVersion}},
		{name: "broken version", path: folder("1", "bad"), err: "load model m: version bad of test-versioned model"},
		{name: "unknown format", path: t.TempDir(), err: "unknown model format"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := New(Options{})
			got, err := r.LoadVersions(context.Background(), "m", tc.path, tc.latest)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("LoadVersions error %v, want %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var served []string
			for _, v := range r.Versions("m") {
				served = append(served, v.Version())
			}
			if !slices.Equal(got, tc.want) || !slices.Equal(served, tc.want) {
				t.Errorf("LoadVersions = %v, serving %v; want %v", got, served, tc.want)
			}
		})
	}
}
