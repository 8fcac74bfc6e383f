package pickle

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// corpusDir returns $SLIPWAY_CORPUS/pickles or skips the test.
func corpusDir(t testing.TB) string {
	root := os.Getenv("SLIPWAY_CORPUS")
	if root == "" {
		t.Skip("SLIPWAY_CORPUS is not set")
	}
	return filepath.Join(root, "pickles")
}

func allowSklearn(g Global) bool { return strings.HasPrefix(g.Module, "sklearn.") }

// TestCorpus loads every pickle in the corpus manifest: scikit-learn files
// decode when sklearn classes are allowed (old module paths included; the
// sklearn package refuses those later), files carrying other code are
// refused naming a global, and empty files fail clearly.
func TestCorpus(t *testing.T) {
	dir := corpusDir(t)
	raw, err := os.ReadFile(filepath.Join(dir, "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	var manifest []struct {
		File   string `json:"file"`
		Format string `json:"format"`
	}
	if err := json.Unmarshal(raw, &manifest); err != nil {
		t.Fatal(err)
	}
	refused := map[string]string{
		"mlserver/docs/examples/tempo/models/inference-pipeline/model.pickle": "tempo.serve.pipeline.Pipeline",
		"onnxmltools/tests/lightgbm/example.pkl":                              "lightgbm.sklearn.LGBMClassifier",
	}
	for _, e := range manifest {
		t.Run(e.File, func(t *testing.T) {
			v, err := LoadFile(filepath.Join(dir, e.File), Options{Allow: allowSklearn})
			switch {
			case e.Format == "empty":
				if err == nil || !strings.Contains(err.Error(), "empty") {
					t.Fatalf("got %v, %v; want an error saying the file is empty", v, err)
				}
			case refused[e.File] != "":
				var fe *ForbiddenError
				if !errors.As(err, &fe) || fe.Global.String() != refused[e.File] {
					t.Fatalf("got %v; want a ForbiddenError naming %s", err, refused[e.File])
				}
			default:
				if err != nil {
					t.Fatal(err)
				}
				o, ok := v.(*Object)
				if !ok || !strings.HasPrefix(o.Class.Module, "sklearn.") {
					t.Fatalf("got %T %v, want a scikit-learn estimator", v, v)
				}
				if _, ok := o.Attr("_sklearn_version"); !ok {
					t.Errorf("%s has no _sklearn_version", o.Class)
				}
			}
		})
	}
}
