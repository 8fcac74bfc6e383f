package bundle

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

func TestArtifactEntriesFolder(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "saved_model")
	for name, body := range map[string]string{
		"saved_model.pb":                          "graph",
		"variables/variables.index":               "index",
		"variables/variables.data-00000-of-00001": "data",
	} {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	entries, artifact, err := artifactEntries(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		got = append(got, e.file.Path)
	}
	slices.Sort(got)
	want := []string{
		"model/saved_model/saved_model.pb",
		"model/saved_model/variables/variables.data-00000-of-00001",
		"model/saved_model/variables/variables.index",
	}
	if artifact != "model/saved_model" || !slices.Equal(got, want) {
		t.Errorf("artifact %s, entries %q; want model/saved_model, %q", artifact, got, want)
	}

	if err := os.Symlink("/etc/passwd", filepath.Join(dir, "variables", "link")); err != nil {
		t.Skip("no symlinks here:", err)
	}
	if _, _, err := artifactEntries(dir); err == nil {
		t.Error("a folder with a symlink was packaged")
	}
}
