package main

import (
	"bytes"
	"flag"
	"os"
	"strings"
	"testing"

	"github.com/slipwayml/slipway/example"
)

var updateK8s = flag.Bool("update-k8s", false, "rewrite testdata/k8s/cli.yaml")

func TestK8sGolden(t *testing.T) {
	modelPath, err := example.Write(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	out, err := run(t, "", "k8s", modelPath, "--image", "registry.example.com/models/iris:1", "--hpa", "2:6:75%", "--namespace", "models")
	if err != nil {
		t.Fatalf("k8s: %v\n%s", err, out)
	}
	const golden = "../../testdata/k8s/cli.yaml"
	if *updateK8s {
		if err := os.WriteFile(golden, []byte(out), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal([]byte(out), want) {
		t.Errorf("k8s output differs from %s (go test -update-k8s after checking):\n%s", golden, out)
	}
}

func TestK8sRefusesBeforeYAML(t *testing.T) {
	modelPath, err := example.Write(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		args []string
		want string
	}{
		{[]string{modelPath}, `"image" not set`},
		{[]string{modelPath, "--image", "iris:1", "--hpa", "10:2:50%"}, "MIN <= MAX"},
		{[]string{modelPath, "--image", "iris:1", "--hpa", "2-10"}, "MIN:MAX:CPU%"},
		{[]string{modelPath, "--image", "iris:1", "--hpa", "1:2:50%", "--replicas", "3"}, "both set"},
		{[]string{modelPath, "--image", "iris:1", "--replicas", "0"}, "replicas 0"},
		{[]string{modelPath, "--image", "iris:1", "--cpu", "two"}, `cpu "two"`},
		{[]string{modelPath, "--image", "iris:1", "--namespace", "Prod_ML"}, "namespace"},
		{[]string{modelPath, "--image", "not a reference"}, "image"},
	}
	for _, tt := range tests {
		name := strings.Join(tt.args[1:], " ") // the flags after the model
		if name == "" {
			name = "no image"
		}
		t.Run(name, func(t *testing.T) {
			out, err := run(t, "", append([]string{"k8s"}, tt.args...)...)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %v, want one containing %q", err, tt.want)
			}
			if out != "" {
				t.Errorf("printed before refusing:\n%s", out)
			}
		})
	}
}
