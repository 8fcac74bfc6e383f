package k8s_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/slipwayml/slipway/ship/k8s"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/k8s")

// goldenDir is shared with the CLI's tests and the API-server test.
const goldenDir = "../../testdata/k8s"

func ptr[T any](v T) *T { return &v }

// golden lists the option sets whose manifests are kept in testdata/k8s.
var golden = []struct {
	file string
	opts k8s.Options
}{
	{"default.yaml", k8s.Options{
		Model: "iris", Image: "registry.example.com/models/iris:1",
		Digest: "sha256:1f0c4b4bb1e9c3fd7b6f1f8d9f3a1c0e8d2b7a6c5e4f3a2b1c0d9e8f7a6b5c4d",
	}},
	{"hpa.yaml", k8s.Options{
		Model: "Fraud_Detector", Version: "7", Image: "ghcr.io/acme/fraud@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
		Namespace: "ml", CPU: "1", Memory: "1Gi", HPA: &k8s.HPA{Min: 2, Max: 10, CPU: 70},
	}},
	{"replicas.yaml", k8s.Options{Model: "iris", Image: "iris:latest", Replicas: ptr(int32(1))}},
	{"kserve.yaml", k8s.Options{
		Model: "iris", Version: "3", Image: "registry.example.com/models/iris:3", Namespace: "kserve-test",
		HPA: &k8s.HPA{Min: 1, Max: 4, CPU: 80}, KServe: true,
	}},
}

func TestManifestsGolden(t *testing.T) {
	for _, g := range golden {
		t.Run(g.file, func(t *testing.T) {
			objs, err := k8s.Manifests(g.opts)
			if err != nil {
				t.Fatal(err)
			}
			got, err := k8s.YAML(objs)
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(goldenDir, g.file)
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("manifests differ from %s (run go test -update after checking the change):\n%s", path, got)
			}
		})
	}
}

func TestManifestsKinds(t *testing.T) {
	tests := []struct {
		opts k8s.Options
		want string
	}{
		{golden[0].opts, "Service Deployment PodDisruptionBudget ServiceMonitor PrometheusRule"},
		{golden[1].opts, "Service Deployment HorizontalPodAutoscaler PodDisruptionBudget ServiceMonitor PrometheusRule"},
		{golden[3].opts, "InferenceService PrometheusRule"},
	}
	for _, tt := range tests {
		objs, err := k8s.Manifests(tt.opts)
		if err != nil {
			t.Fatal(err)
		}
		var kinds []string
		for _, o := range objs {
			kinds = append(kinds, o.GetKind())
			if o.GetName() != objs[0].GetName() || o.GetNamespace() != tt.opts.Namespace {
				t.Errorf("%s is %s/%s, want %s/%s", o.GetKind(), o.GetNamespace(), o.GetName(), tt.opts.Namespace, objs[0].GetName())
			}
		}
		if got := strings.Join(kinds, " "); got != tt.want {
			t.Errorf("kinds = %s, want %s", got, tt.want)
		}
	}
}

func TestValidate(t *testing.T) {
	ok := k8s.Options{Model: "iris", Image: "iris:1"}
	tests := []struct {
		name string
		edit func(*k8s.Options)
		want string
	}{
		{"no image", func(o *k8s.Options) { o.Image = "" }, "no image"},
		{"bad image", func(o *k8s.Options) { o.Image = "Bad Image" }, "image"},
		{"bad namespace", func(o *k8s.Options) { o.Namespace = "ML_Team" }, "namespace"},
		{"name starts with digit", func(o *k8s.Options) { o.Model = "3d" }, `name "3d"`},
		{"zero replicas", func(o *k8s.Options) { o.Replicas = ptr(int32(0)) }, "replicas 0"},
		{"replicas and hpa", func(o *k8s.Options) { o.Replicas = ptr(int32(3)); o.HPA = &k8s.HPA{1, 2, 50} }, "both set"},
		{"bad cpu", func(o *k8s.Options) { o.CPU = "lots" }, `cpu "lots"`},
		{"negative memory", func(o *k8s.Options) { o.Memory = "-1Gi" }, "memory"},
		{"hpa min above max", func(o *k8s.Options) { o.HPA = &k8s.HPA{5, 2, 50} }, "MIN <= MAX"},
		{"hpa cpu zero", func(o *k8s.Options) { o.HPA = &k8s.HPA{1, 2, 0} }, "CPU target"},
	}
	if err := ok.Validate(); err != nil {
		t.Fatalf("valid options: %v", err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := ok
			tt.edit(&o)
			err := o.Validate()
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Validate = %v, want an error containing %q", err, tt.want)
			}
			if _, err := k8s.Manifests(o); err == nil {
				t.Error("Manifests accepted invalid options")
			}
		})
	}
}

func TestParseHPA(t *testing.T) {
	tests := []struct {
		in   string
		want *k8s.HPA
	}{
		{"2:10:70%", &k8s.HPA{Min: 2, Max: 10, CPU: 70}},
		{"1:3:50", &k8s.HPA{Min: 1, Max: 3, CPU: 50}},
		{"2:10", nil},
		{"a:b:c%", nil},
		{"1:2:3:4", nil},
		{"", nil},
	}
	for _, tt := range tests {
		got, err := k8s.ParseHPA(tt.in)
		switch {
		case tt.want == nil && err == nil:
			t.Errorf("ParseHPA(%q) = %+v, want an error", tt.in, got)
		case tt.want != nil && (err != nil || *got != *tt.want):
			t.Errorf("ParseHPA(%q) = %+v, %v; want %+v", tt.in, got, err, tt.want)
		}
	}
}
