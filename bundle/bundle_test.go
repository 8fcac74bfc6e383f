package bundle_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/slipwayml/slipway/bundle"
	"github.com/slipwayml/slipway/example"
	_ "github.com/slipwayml/slipway/format/install"
	"github.com/slipwayml/slipway/serve"
)

// irisModel writes the example model (scikit-learn 1.2.1 iris classifier)
// into a temporary folder.
func irisModel(t *testing.T) string {
	t.Helper()
	path, err := example.Write(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	return path
}

// irisExamples pairs the example request with scikit-learn's recorded
// answers (example/expected.json, written by scripts/gen_example.py), plus
// one example without a response for packaging to record.
func irisExamples(t *testing.T) []bundle.Example {
	t.Helper()
	b, err := os.ReadFile("../example/expected.json")
	if err != nil {
		t.Fatal(err)
	}
	var want map[string]json.RawMessage
	if err := json.Unmarshal(b, &want); err != nil {
		t.Fatal(err)
	}
	wrap := func(v json.RawMessage) json.RawMessage {
		return json.RawMessage(`{"predictions":` + string(v) + `}`)
	}
	return []bundle.Example{
		{Name: "labels", Request: example.Request, Method: "predict", Response: wrap(want["predict"])},
		{Name: "proba", Request: example.Request, Method: "predict_proba", Response: wrap(want["predict_proba"])},
		{Name: "unrecorded", Request: json.RawMessage(`[[5.0, 3.4, 1.5, 0.2]]`)},
	}
}

func create(t *testing.T, modelPath string, examples []bundle.Example) []byte {
	t.Helper()
	var buf bytes.Buffer
	_, err := bundle.Create(context.Background(), &buf, modelPath, bundle.Options{
		Name:     "iris",
		Examples: examples,
		Replay:   serve.PredictOffline,
		Creator:  "alice",
		Tags:     map[string]string{"team": "flowers"},
		Created:  time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC),
	})
	if err != nil {
		t.Fatalf("create: %v", err)
	}
	return buf.Bytes()
}

func TestCreateRead(t *testing.T) {
	raw := create(t, irisModel(t), irisExamples(t))
	b, err := bundle.Read(bytes.NewReader(raw), bundle.Limits{})
	if err != nil {
		t.Fatalf("read: %v", err)
	}
	m := b.Manifest
	if m.Name != "iris" || m.Format != "sklearn" || m.Artifact != "model/iris.pkl" ||
		m.Framework != "scikit-learn" || m.FrameworkVersion != "1.2.1" || m.Creator != "alice" || m.Tags["team"] != "flowers" {
		t.Errorf("manifest = %+v", m)
	}
	if len(m.Signature.Inputs) != 1 || m.Signature.Inputs[0].Datatype != "FP64" {
		t.Errorf("signature inputs = %+v, want one FP64 input", m.Signature.Inputs)
	}
	var paths []string
	for _, f := range m.Files {
		paths = append(paths, f.Path)
	}
	if got := strings.Join(paths, " "); got != "examples.json model/iris.pkl stats.json" {
		t.Errorf("files = %s", got)
	}
	if len(b.Examples) != 3 {
		t.Fatalf("%d examples, want 3", len(b.Examples))
	}
	// The unrecorded example gets the model's own answer.
	var got bytes.Buffer
	if err := json.Compact(&got, b.Examples[2].Response); err != nil || got.String() != `{"predictions":["setosa"]}` {
		t.Errorf("recorded response = %s (%v)", b.Examples[2].Response, err)
	}
	// Three examples of which the first two send the same three rows.
	if b.Stats == nil || len(b.Stats.Features) != 4 || b.Stats.Features[0].Count != 7 || b.Stats.Features[0].Max != 7.7 {
		t.Errorf("stats = %+v", b.Stats)
	}
}

func TestCreateDeterministic(t *testing.T) {
	path := irisModel(t)
	a, b := create(t, path, irisExamples(t)), create(t, path, irisExamples(t))
	if !bytes.Equal(a, b) {
		t.Error("two bundles of the same model and time differ")
	}
	for _, h := range headers(t, a) {
		if !h.ModTime.Equal(time.Unix(0, 0)) || h.Uid != 0 || h.Gid != 0 || h.Uname != "" || h.Mode != 0o644 {
			t.Errorf("entry %s: mtime %v, uid %d, gid %d, uname %q, mode %o", h.Name, h.ModTime, h.Uid, h.Gid, h.Uname, h.Mode)
		}
	}
}

func TestCreateRefusesWrongRecordedOutput(t *testing.T) {
	ex := irisExamples(t)
	ex[1].Response = json.RawMessage(strings.Replace(string(ex[1].Response), "0.9145402241601448", "0.91", 1))
	_, err := bundle.Create(context.Background(), &bytes.Buffer{}, irisModel(t),
		bundle.Options{Name: "iris", Examples: ex, Replay: serve.PredictOffline})
	var ce *bundle.CheckError
	if !errors.As(err, &ce) || ce.Example != `"proba"` || ce.Mismatch == nil ||
		ce.Mismatch.Path != "predictions[1][1]" || ce.Mismatch.Want != "0.91" {
		t.Fatalf("err = %v, want a mismatch in example \"proba\" at predictions[1][1]", err)
	}
}

func TestExtract(t *testing.T) {
	raw := create(t, irisModel(t), irisExamples(t))
	dir := t.TempDir()
	b, err := bundle.Extract(bytes.NewReader(raw), dir, bundle.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(b.ArtifactPath(dir))
	if err != nil || !bytes.Equal(got, example.Model) {
		t.Errorf("extracted model differs from the original (err %v)", err)
	}
	for _, name := range []string{"manifest.json", "examples.json", "stats.json"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Error(err)
		}
	}
}

func TestCheck(t *testing.T) {
	raw := create(t, irisModel(t), irisExamples(t))
	b, err := bundle.Read(bytes.NewReader(raw), bundle.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	m := loadIris(t)
	if err := bundle.Check(context.Background(), m, b.Examples, serve.PredictOffline); err != nil {
		t.Errorf("check of recorded examples: %v", err)
	}
	wrong := append([]bundle.Example(nil), b.Examples...)
	wrong[0].Response = json.RawMessage(`{"predictions":["setosa","virginica","virginica"]}`)
	err = bundle.Check(context.Background(), m, wrong, serve.PredictOffline)
	if err == nil || err.Error() != `example "labels": predictions[1] = "versicolor", recorded "virginica" (relative tolerance 1e-09)` {
		t.Errorf("check of a wrong label: %v", err)
	}
	noResp := []bundle.Example{{Request: example.Request}}
	if err := bundle.Check(context.Background(), m, noResp, serve.PredictOffline); !errors.Is(err, bundle.ErrNoResponse) {
		t.Errorf("check of an example without response: %v, want ErrNoResponse", err)
	}
}
