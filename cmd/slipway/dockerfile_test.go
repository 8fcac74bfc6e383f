package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/slipwayml/slipway/example"
)

func TestDockerfile(t *testing.T) {
	keepGoCache(t)
	modelPath, err := example.Write(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "ctx")
	out, err := run(t, "", "dockerfile", modelPath, "-o", dir)
	if err != nil {
		t.Fatalf("dockerfile: %v\n%s", err, out)
	}
	for _, f := range []string{"Dockerfile", "models/iris/iris.pkl", "src/go.mod", "src/cmd/slipway/main.go"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("context lacks %s: %v", f, err)
		}
	}
	df, err := os.ReadFile(filepath.Join(dir, "Dockerfile"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(df), `ENTRYPOINT ["/slipway","serve","iris=/models/iris/iris.pkl"]`) {
		t.Errorf("Dockerfile lacks the entrypoint:\n%s", df)
	}
	if _, err := run(t, "", "dockerfile", modelPath, "-o", dir); err == nil || !strings.Contains(err.Error(), "not empty") {
		t.Errorf("second write into %s: error %v, want a refusal", dir, err)
	}
}
