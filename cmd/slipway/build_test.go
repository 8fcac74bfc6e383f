package main

import (
	"debug/elf"
	"io"
	"log"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/google/go-containerregistry/pkg/registry"
	"github.com/google/go-containerregistry/pkg/v1/layout"

	"github.com/slipwayml/slipway/example"
	"github.com/slipwayml/slipway/ship/image/imagetest"
)

// keepGoCache pins the Go build cache, which run's fresh XDG_CACHE_HOME
// would otherwise move, so that compiling slipway hits the cache.
func keepGoCache(t *testing.T) {
	t.Helper()
	if testing.Short() {
		t.Skip("compiles slipway")
	}
	out, err := exec.Command("go", "env", "GOCACHE").Output()
	if err != nil {
		t.Skipf("no Go toolchain: %v", err)
	}
	t.Setenv("GOCACHE", strings.TrimSpace(string(out)))
}

type buildOutput struct {
	Digest      string `json:"digest"`
	ModelDigest string `json:"model_digest"`
	Model       string `json:"model"`
}

func TestBuildImage(t *testing.T) {
	keepGoCache(t)
	modelPath, err := example.Write(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	var first, second buildOutput
	runJSON(t, &first, "build", modelPath, "--image", filepath.Join(dir, "a.tar"))
	runJSON(t, &second, "build", modelPath, "--image", filepath.Join(dir, "b.tar"))
	if first.Digest == "" || first.Digest != second.Digest {
		t.Errorf("two builds of one model: digests %q and %q", first.Digest, second.Digest)
	}
	a, _ := os.ReadFile(filepath.Join(dir, "a.tar"))
	b, _ := os.ReadFile(filepath.Join(dir, "b.tar"))
	if len(a) == 0 || string(a) != string(b) {
		t.Errorf("two builds of one model wrote different archives (%d and %d bytes)", len(a), len(b))
	}

	// From the registry, the image is labelled with the version.
	reg := t.TempDir()
	if out, err := run(t, "", "push", modelPath, "--name", "flowers", "--registry", reg); err != nil {
		t.Fatalf("push: %v\n%s", err, out)
	}
	var v buildOutput
	runJSON(t, &v, "build", "flowers@1", "--registry", reg, "--image", filepath.Join(dir, "v.tar"))
	if v.Model != "flowers" || !strings.HasPrefix(v.ModelDigest, "sha256:") {
		t.Errorf("build flowers@1 = %+v, want model flowers with a digest", v)
	}
	ociDir := filepath.Join(dir, "v")
	imagetest.Untar(t, filepath.Join(dir, "v.tar"), ociDir)
	idx, err := layout.ImageIndexFromPath(ociDir)
	if err != nil {
		t.Fatal(err)
	}
	im, err := idx.IndexManifest()
	if err != nil {
		t.Fatal(err)
	}
	img, err := idx.Image(im.Manifests[0].Digest)
	if err != nil {
		t.Fatal(err)
	}
	cf, err := img.ConfigFile()
	if err != nil {
		t.Fatal(err)
	}
	labels := cf.Config.Labels
	if labels["org.opencontainers.image.version"] != "1" || labels["ml.slipway.model.digest"] != v.ModelDigest {
		t.Errorf("labels = %v, want version 1 and digest %s", labels, v.ModelDigest)
	}
	if got := im.Manifests[0].Annotations["org.opencontainers.image.ref.name"]; got != "flowers:1" {
		t.Errorf("tag = %q, want flowers:1", got)
	}

	// Pushing draws a progress bar on stderr.
	s := httptest.NewServer(registry.New(registry.Logger(log.New(io.Discard, "", 0))))
	defer s.Close()
	ref := strings.TrimPrefix(s.URL, "http://") + "/iris:1"
	out, err := run(t, "", "build", modelPath, "--push", ref)
	if err != nil {
		t.Fatalf("build --push: %v\n%s", err, out)
	}
	if !strings.Contains(out, "100.0%") || !strings.Contains(out, "sha256:") {
		t.Errorf("build --push output lacks the finished bar or the digest:\n%s", out)
	}
}

func TestBuildBinary(t *testing.T) {
	keepGoCache(t)
	modelPath, err := example.Write(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(t.TempDir(), "iris")
	if out, err := run(t, "", "build", modelPath, "--binary", bin); err != nil {
		t.Fatalf("build --binary: %v\n%s", err, out)
	}
	f, err := elf.Open(bin)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	// The default platform is this machine's.
	want := map[string]elf.Machine{"amd64": elf.EM_X86_64, "arm64": elf.EM_AARCH64}[runtime.GOARCH]
	if f.Machine != want {
		t.Errorf("machine = %v, want %v", f.Machine, want)
	}
}

func TestBuildErrors(t *testing.T) {
	modelPath, err := example.Write(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "out")
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no output", []string{modelPath}, "nothing to build"},
		{"binary and image", []string{modelPath, "--binary", out, "--image", out + ".tar"}, "drop --image"},
		{"binary for two platforms", []string{modelPath, "--binary", out, "--platform", "linux/amd64,linux/arm64"}, "one --platform"},
		{"bad platform", []string{modelPath, "--image", out, "--platform", "amd64"}, "want OS/ARCH"},
		{"bad format", []string{modelPath, "--image", out, "--format", "rkt"}, "image format"},
		{"bad name", []string{modelPath, "--image", out, "--name", "a/b"}, "model name"},
		{"no such model", []string{"no-such-model.pkl", "--image", out}, "neither a model file"},
		{"source without go.mod", []string{modelPath, "--image", out, "--source", t.TempDir()}, "no go.mod"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := run(t, "", append([]string{"build"}, tt.args...)...)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %v, want one containing %q", err, tt.want)
			}
			if _, err := os.Stat(out); err == nil {
				t.Error("a failed build wrote its output")
			}
		})
	}
}
