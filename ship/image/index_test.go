//go:build slowbuild

package image_test

// These tests build for a second platform, which compiles all of slipway
// again: minutes with a cold build cache. .ci/run enables them.

import (
	"io"
	"os"
	"path/filepath"
	"sync"
	"testing"

	v1 "github.com/google/go-containerregistry/pkg/v1"

	"github.com/slipwayml/slipway/example"
	"github.com/slipwayml/slipway/ship/image"
)

var (
	arm64 = v1.Platform{OS: "linux", Architecture: "arm64"}

	indexOnce sync.Once
	index     image.Result
)

// buildIndex builds the amd64 and arm64 image index once per test run.
func buildIndex(t *testing.T) image.Result {
	t.Helper()
	indexOnce.Do(func() {
		path := filepath.Join(shared, example.Name+".pkl")
		if err := os.WriteFile(path, example.Model, 0o644); err != nil {
			t.Fatal(err)
		}
		m, err := image.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		index = buildModel(t, m, image.Options{Platforms: []v1.Platform{amd64, arm64}})
	})
	if index.Index == nil {
		t.Fatal("building the index failed in an earlier test")
	}
	return index
}

func TestBuildIndex(t *testing.T) {
	res := buildIndex(t)
	im, err := res.Index.IndexManifest()
	if err != nil {
		t.Fatal(err)
	}
	if len(im.Manifests) != 2 {
		t.Fatalf("index has %d manifests, want 2", len(im.Manifests))
	}
	var modelLayers []v1.Hash
	for i, want := range []v1.Platform{amd64, arm64} {
		d := im.Manifests[i]
		if d.Platform == nil || !d.Platform.Equals(want) {
			t.Errorf("manifest %d platform = %v, want %v", i, d.Platform, want)
		}
		img, err := res.Index.Image(d.Digest)
		if err != nil {
			t.Fatal(err)
		}
		cf, err := img.ConfigFile()
		if err != nil {
			t.Fatal(err)
		}
		if cf.Architecture != want.Architecture {
			t.Errorf("config architecture = %s, want %s", cf.Architecture, want.Architecture)
		}
		layers, err := img.Layers()
		if err != nil {
			t.Fatal(err)
		}
		h, err := layers[len(layers)-1].Digest()
		if err != nil {
			t.Fatal(err)
		}
		modelLayers = append(modelLayers, h)
	}
	if modelLayers[0] != modelLayers[1] {
		t.Errorf("platforms do not share the model layer: %v", modelLayers)
	}
}

func TestPushIndex(t *testing.T) { testPush(t, buildIndex) }

func TestWriteOCIIndex(t *testing.T) { testWriteOCI(t, buildIndex(t)) }

func TestWriteDockerRefusesIndex(t *testing.T) {
	if err := image.Write(io.Discard, buildIndex(t), image.Docker, "iris:v1"); err == nil {
		t.Error("the docker format accepted several platforms")
	}
}
