package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/slipwayml/slipway/example"
	"github.com/slipwayml/slipway/registry/registrytest"
)

// backends are the registries the CLI tests run on: SQLite in a temporary
// folder, and PostgreSQL when SLIPWAY_TEST_POSTGRES is set.
var backends = []struct {
	name string
	args func(t *testing.T) []string
}{
	{"sqlite", func(t *testing.T) []string { return []string{"--registry", t.TempDir()} }},
	{"postgres", func(t *testing.T) []string {
		return []string{"--registry", registrytest.PostgresDSN(t), "--blobs", t.TempDir()}
	}},
}

// irisFiles writes the example model and an examples file holding
// scikit-learn's recorded outputs for the example request; wrongProba, if
// set, replaces the first recorded probability.
func irisFiles(t *testing.T, wrongProba string) (modelPath, examplesPath string) {
	t.Helper()
	dir := t.TempDir()
	modelPath, err := example.Write(dir)
	if err != nil {
		t.Fatal(err)
	}
	want := readExampleExpected(t)
	labels, _ := json.Marshal(map[string]any{"predictions": want.Predict})
	proba, _ := json.Marshal(map[string]any{"predictions": want.PredictProba})
	if wrongProba != "" {
		first, _ := json.Marshal(want.PredictProba[0][0])
		proba = []byte(strings.Replace(string(proba), string(first), wrongProba, 1))
	}
	examples, _ := json.Marshal([]map[string]json.RawMessage{
		{"name": json.RawMessage(`"labels"`), "request": example.Request, "method": json.RawMessage(`"predict"`), "response": labels},
		{"name": json.RawMessage(`"proba"`), "request": example.Request, "method": json.RawMessage(`"predict_proba"`), "response": proba},
	})
	examplesPath = filepath.Join(dir, "examples.json")
	if err := os.WriteFile(examplesPath, examples, 0o644); err != nil {
		t.Fatal(err)
	}
	return modelPath, examplesPath
}

// runJSON runs a verb with --json and decodes its output into v.
func runJSON(t *testing.T, v any, args ...string) {
	t.Helper()
	out, err := run(t, "", append(args, "--json")...)
	if err != nil {
		t.Fatalf("slipway %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	if err := json.Unmarshal([]byte(out), v); err != nil {
		t.Fatalf("slipway %s: output %q: %v", strings.Join(args, " "), out, err)
	}
}

func TestRegistryWorkflow(t *testing.T) {
	for _, be := range backends {
		t.Run(be.name, func(t *testing.T) {
			reg := be.args(t)
			modelPath, examplesPath := irisFiles(t, "")
			slip := filepath.Join(t.TempDir(), "iris.slip")
			if out, err := run(t, "", "package", modelPath, "--name", "iris", "--examples", examplesPath, "-o", slip); err != nil {
				t.Fatalf("package: %v\n%s", err, out)
			}
			var inspected struct {
				Manifest struct{ Name, Format, Framework string }
				Examples []json.RawMessage
				Stats    struct{ Features []struct{ Count int } }
			}
			runJSON(t, &inspected, "inspect", slip)
			if inspected.Manifest.Name != "iris" || inspected.Manifest.Framework != "scikit-learn" ||
				len(inspected.Examples) != 2 || len(inspected.Stats.Features) != 4 || inspected.Stats.Features[0].Count != 6 {
				t.Errorf("inspect = %+v", inspected)
			}

			out, err := run(t, "", append([]string{"push", slip, "--alias", "production", "--tag", "team=ml", "--actor", "alice"}, reg...)...)
			if err != nil || strings.TrimSpace(out) != "1" {
				t.Fatalf("push bundle = %q, %v; want version 1", out, err)
			}
			var pushed struct {
				Name    string
				Version int
				Digest  string
			}
			runJSON(t, &pushed, append([]string{"push", modelPath, "--name", "iris", "--examples", examplesPath}, reg...)...)
			if pushed.Name != "iris" || pushed.Version != 2 || !strings.HasPrefix(pushed.Digest, "sha256:") {
				t.Errorf("push --json = %+v", pushed)
			}

			if out, err := run(t, "", append([]string{"alias", "iris", "staging", "2", "--actor", "bob"}, reg...)...); err != nil {
				t.Fatalf("alias: %v\n%s", err, out)
			}
			if _, err := run(t, "", append([]string{"alias", "iris", "staging", "3"}, reg...)...); err == nil {
				t.Error("alias to a version that does not exist succeeded")
			}
			var models []struct {
				Name    string
				Latest  int
				Aliases map[string]int
			}
			runJSON(t, &models, append([]string{"models"}, reg...)...)
			if len(models) != 1 || models[0].Latest != 2 || models[0].Aliases["production"] != 1 || models[0].Aliases["staging"] != 2 {
				t.Errorf("models = %+v", models)
			}
			var versions []struct {
				Version  int
				Actor    string
				Tags     map[string]string
				Examples int
			}
			runJSON(t, &versions, append([]string{"versions", "iris"}, reg...)...)
			if len(versions) != 2 || versions[0].Actor != "alice" || versions[0].Tags["team"] != "ml" || versions[1].Examples != 2 {
				t.Errorf("versions = %+v", versions)
			}

			dir := filepath.Join(t.TempDir(), "pulled")
			var pulled struct{ Version int }
			runJSON(t, &pulled, append([]string{"pull", "iris@staging", "-o", dir}, reg...)...)
			if got, err := os.ReadFile(filepath.Join(dir, "model", "iris.pkl")); pulled.Version != 2 || err != nil || string(got) != string(example.Model) {
				t.Errorf("pull iris@staging: version %d, model read err %v", pulled.Version, err)
			}
			if out, err := run(t, string(example.Request), "predict", filepath.Join(dir, "model", "iris.pkl"), "--input", "-"); err != nil {
				t.Errorf("predict with the pulled model: %v\n%s", err, out)
			}

			var events []struct{ Actor, Action, Alias string }
			runJSON(t, &events, append([]string{"log", "iris"}, reg...)...)
			var got []string
			for _, e := range events {
				got = append(got, strings.TrimSpace(e.Actor+" "+e.Action+" "+e.Alias))
			}
			if want := "alice push|alice alias production|" + defaultActor() + " push|bob alias staging"; strings.Join(got, "|") != want {
				t.Errorf("log = %q", got)
			}
			if out, err := run(t, "", append([]string{"verify"}, reg...)...); err != nil || strings.TrimSpace(out) != "ok" {
				t.Errorf("verify = %q, %v", out, err)
			}
		})
	}
}

func TestPushRefusesWrongExamples(t *testing.T) {
	reg := []string{"--registry", t.TempDir()}
	modelPath, examplesPath := irisFiles(t, "0.5")
	out, err := run(t, "", append([]string{"push", modelPath, "--name", "iris", "--examples", examplesPath}, reg...)...)
	want := `validation gate refused iris: example "proba": predictions[0][0] = 0.9846947466018541, recorded 0.5`
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("push with a wrong recorded output = %q, %v; want an error containing %q", out, err, want)
	}
	var models []any
	runJSON(t, &models, append([]string{"models"}, reg...)...)
	if len(models) != 0 {
		t.Errorf("a refused push left models %v", models)
	}
}

func TestVerifyDetectsCorruptBlob(t *testing.T) {
	dir := t.TempDir()
	modelPath, examplesPath := irisFiles(t, "")
	var pushed struct{ Digest string }
	runJSON(t, &pushed, "push", modelPath, "--name", "iris", "--examples", examplesPath, "--registry", dir)
	blob := filepath.Join(dir, "blobs", "sha256", strings.TrimPrefix(pushed.Digest, "sha256:"))
	b, err := os.ReadFile(blob)
	if err != nil {
		t.Fatal(err)
	}
	b[len(b)/3] ^= 0x20
	os.Chmod(blob, 0o644) // blobs are stored read-only
	if err := os.WriteFile(blob, b, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := run(t, "", "verify", "--registry", dir)
	if err == nil || !strings.Contains(out, pushed.Digest) || !strings.Contains(out, "digest mismatch") {
		t.Errorf("verify of a corrupted blob = %q, %v; want a failure naming the blob", out, err)
	}
	if _, err := run(t, "", "pull", "iris@1", "-o", t.TempDir(), "--registry", dir); err == nil {
		t.Error("pull of a corrupted blob succeeded")
	}
}

func TestRegistryFromEnvironment(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("SLIPWAY_REGISTRY", dir)
	modelPath, _ := irisFiles(t, "")
	if out, err := run(t, "", "push", modelPath, "--name", "iris"); err != nil || strings.TrimSpace(out) != "1" {
		t.Fatalf("push = %q, %v", out, err)
	}
	if _, err := os.Stat(filepath.Join(dir, "registry.db")); err != nil {
		t.Errorf("SLIPWAY_REGISTRY was not used: %v", err)
	}
}
