package main

import (
	"bytes"
	"context"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/slipwayml/slipway/example"
)

// run executes the CLI in-process with args and returns stdout and the error.
func run(t *testing.T, stdin string, args ...string) (string, error) {
	t.Helper()
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	root := newRoot()
	var out bytes.Buffer
	root.SetOut(&out)
	root.SetErr(&out)
	root.SetIn(strings.NewReader(stdin))
	root.SetArgs(args)
	err := root.ExecuteContext(context.Background())
	return out.String(), err
}

// exampleExpected is scikit-learn's output for example/request.json.
type exampleExpected struct {
	Predict      []string    `json:"predict"`
	PredictProba [][]float64 `json:"predict_proba"`
}

func readExampleExpected(t *testing.T) exampleExpected {
	b, err := os.ReadFile("../../example/expected.json")
	if err != nil {
		t.Fatal(err)
	}
	var e exampleExpected
	if err := json.Unmarshal(b, &e); err != nil {
		t.Fatal(err)
	}
	return e
}

func TestPredictExample(t *testing.T) {
	want := readExampleExpected(t)
	out, err := run(t, "", "predict")
	if err != nil {
		t.Fatalf("predict: %v\n%s", err, out)
	}
	var got struct{ Predictions []string }
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("output %q: %v", out, err)
	}
	if strings.Join(got.Predictions, ",") != strings.Join(want.Predict, ",") {
		t.Errorf("predictions = %v, want %v", got.Predictions, want.Predict)
	}
}

func TestPredictProbaFromStdin(t *testing.T) {
	want := readExampleExpected(t)
	path, err := example.Write(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	out, err := run(t, string(example.Request), "predict", path, "--input", "-", "--method", "predict_proba")
	if err != nil {
		t.Fatalf("predict: %v\n%s", err, out)
	}
	var got struct{ Predictions [][]float64 }
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("output %q: %v", out, err)
	}
	if len(got.Predictions) != len(want.PredictProba) {
		t.Fatalf("got %d rows, want %d", len(got.Predictions), len(want.PredictProba))
	}
	for i := range want.PredictProba {
		for j, w := range want.PredictProba[i] {
			if g := got.Predictions[i][j]; math.Abs(g-w) > 1e-9+1e-6*math.Abs(w) {
				t.Errorf("proba[%d][%d] = %v, want %v", i, j, g, w)
			}
		}
	}
}

func TestPredictV2Request(t *testing.T) {
	path, err := example.Write(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	body := `{"inputs":[{"name":"anything","shape":[1,4],"datatype":"FP32","data":[5.1,3.5,1.4,0.2]}]}`
	out, err := run(t, body, "predict", path, "-i", "-")
	if err != nil {
		t.Fatalf("predict: %v\n%s", err, out)
	}
	var got struct {
		Outputs []struct {
			Name     string
			Datatype string
			Shape    []int
			Data     []string
		}
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("output %q: %v", out, err)
	}
	if len(got.Outputs) != 1 || got.Outputs[0].Name != "predict" || got.Outputs[0].Datatype != "BYTES" ||
		len(got.Outputs[0].Data) != 1 || got.Outputs[0].Data[0] != "setosa" {
		t.Errorf("V2 response = %s", out)
	}
}

func TestCLIErrors(t *testing.T) {
	dir := t.TempDir()
	evil := filepath.Join(dir, "evil.pkl")
	// protocol 2: GLOBAL os.system, then REDUCE on ("touch …",)
	marker := filepath.Join(dir, "pwned")
	payload := "\x80\x02cos\nsystem\nq\x00X" + string(rune(len("touch "+marker))) + "\x00\x00\x00touch " + marker + "q\x01\x85q\x02Rq\x03."
	if err := os.WriteFile(evil, []byte(payload), 0o644); err != nil {
		t.Fatal(err)
	}
	empty := filepath.Join(dir, "empty.pkl")
	os.WriteFile(empty, nil, 0o644)
	exPath, _ := example.Write(dir)
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"missing file", []string{"predict", filepath.Join(dir, "nope.pkl"), "-i", "-"}, "no such file"},
		{"refused global", []string{"inspect", evil}, "os.system"},
		{"empty file", []string{"inspect", empty}, "empty"},
		{"bad method", []string{"predict", exPath, "--method", "transform", "-i", "-"}, "transform"},
		{"input required", []string{"predict", exPath}, "--input"},
		{"bad batch", []string{"bench", "--batch", "0"}, "--batch"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, err := run(t, string(example.Request), tc.args...)
			if err == nil {
				t.Fatalf("want an error, got output %q", out)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q does not mention %q", err, tc.want)
			}
		})
	}
	if _, err := os.Stat(marker); err == nil {
		t.Fatal("the malicious pickle ran code")
	}
}

func TestInspectJSON(t *testing.T) {
	path, _ := example.Write(t.TempDir())
	out, err := run(t, "", "inspect", path, "--json")
	if err != nil {
		t.Fatalf("inspect: %v\n%s", err, out)
	}
	var got inspection
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("output %q: %v", out, err)
	}
	if got.Format != "sklearn" || got.FrameworkVersion == "" || len(got.Inputs) != 1 || got.Inputs[0].Shape[1] != 4 {
		t.Errorf("inspect = %+v", got)
	}
	chain, _ := got.Details["estimator"].([]any)
	if len(chain) != 2 || chain[0] != "StandardScaler" || chain[1] != "LogisticRegression" {
		t.Errorf("estimator chain = %v", got.Details["estimator"])
	}
	var outs []string
	for _, o := range got.Outputs {
		outs = append(outs, o.Name)
	}
	if strings.Join(outs, ",") != "predict,predict_proba,decision_function" {
		t.Errorf("outputs = %v", outs)
	}
}

func TestBenchJSON(t *testing.T) {
	out, err := run(t, "", "bench", "--json", "--duration", (100 * time.Millisecond).String(), "--batch", "8")
	if err != nil {
		t.Fatalf("bench: %v\n%s", err, out)
	}
	var got []struct {
		BatchSize int     `json:"batch_size"`
		P50       float64 `json:"p50_us"`
		P99       float64 `json:"p99_us"`
		RowsPerS  float64 `json:"rows_per_s"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("output %q: %v", out, err)
	}
	if len(got) != 2 || got[0].BatchSize != 1 || got[1].BatchSize != 8 || got[0].RowsPerS <= 0 || got[0].P50 > got[0].P99 {
		t.Errorf("bench = %+v", got)
	}
}

// TestThreadsFlag checks --threads on the in-process verbs: a negative
// count is refused before any model loads.
func TestThreadsFlag(t *testing.T) {
	for _, verb := range []string{"predict", "bench"} {
		if _, err := run(t, "", verb, "--threads", "-1"); err == nil || !strings.Contains(err.Error(), "--threads must not be negative") {
			t.Errorf("%s --threads -1: %v, want a refusal", verb, err)
		}
	}
	if out, err := run(t, "", "predict", "--threads", "1"); err != nil || !strings.Contains(out, "setosa") {
		t.Errorf("predict --threads 1: %v\n%s", err, out)
	}
}
