package image

import (
	"context"
	"fmt"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/partial"
	"github.com/google/go-containerregistry/pkg/v1/types"
)

// Format selects an image's media types.
type Format string

// The formats Build writes.
const (
	OCI    Format = "oci"
	Docker Format = "docker"
)

// Options configure Build.
type Options struct {
	// Platforms default to linux/amd64. Several give an image index.
	Platforms []v1.Platform
	// Format defaults to OCI.
	Format Format
	// Compiler builds the slipway binaries; required.
	Compiler *Compiler
}

// Result is a built image: Image for one platform, or Index for several.
type Result struct {
	Image v1.Image
	Index v1.ImageIndex
}

// Digest is the digest of the image's manifest or of the index.
func (r Result) Digest() (v1.Hash, error) {
	if r.Index != nil {
		return r.Index.Digest()
	}
	return r.Image.Digest()
}

// artifact is what an image and an index have in common.
type artifact interface {
	partial.Describable
	RawManifest() ([]byte, error)
}

func (r Result) taggable() artifact {
	if r.Index != nil {
		return r.Index
	}
	return r.Image
}

type mediaTypes struct{ index, manifest, config, layer types.MediaType }

var formats = map[Format]mediaTypes{
	OCI:    {types.OCIImageIndex, types.OCIManifestSchema1, types.OCIConfigJSON, types.OCILayer},
	Docker: {types.DockerManifestList, types.DockerManifestSchema2, types.DockerConfigJSON, types.DockerLayer},
}

// Build builds m's image on an empty base: a layer with slipway for the
// platform, then a layer with the model, shared by every platform.
func Build(ctx context.Context, m *Model, opts Options) (Result, error) {
	if err := m.Validate(); err != nil {
		return Result{}, err
	}
	if opts.Format == "" {
		opts.Format = OCI
	}
	mt, ok := formats[opts.Format]
	if !ok {
		return Result{}, fmt.Errorf("image format %q: want oci or docker", opts.Format)
	}
	platforms := opts.Platforms
	if len(platforms) == 0 {
		platforms = []v1.Platform{{OS: "linux", Architecture: "amd64"}}
	}
	modelLayer, err := layer(m.files(), mt.layer)
	if err != nil {
		return Result{}, err
	}
	adds := make([]mutate.IndexAddendum, 0, len(platforms))
	for _, p := range platforms {
		if p.OS != "linux" {
			return Result{}, fmt.Errorf("platform %s: images are for linux", p.String())
		}
		bin, err := opts.Compiler.Build(ctx, p, nil)
		if err != nil {
			return Result{}, err
		}
		binLayer, err := layer([]file{{path: BinaryPath[1:], local: bin, mode: 0o755}}, mt.layer)
		if err != nil {
			return Result{}, err
		}
		img, err := platformImage(m, p, mt, binLayer, modelLayer)
		if err != nil {
			return Result{}, fmt.Errorf("image for %s: %w", p.String(), err)
		}
		adds = append(adds, mutate.IndexAddendum{Add: img, Descriptor: v1.Descriptor{Platform: &p}})
	}
	if len(adds) == 1 {
		return Result{Image: adds[0].Add.(v1.Image)}, nil
	}
	idx := mutate.IndexMediaType(empty.Index, mt.index)
	return Result{Index: mutate.AppendManifests(idx, adds...)}, nil
}

func platformImage(m *Model, p v1.Platform, mt mediaTypes, bin, model v1.Layer) (v1.Image, error) {
	created := v1.Time{Time: epoch}
	img := mutate.ConfigMediaType(mutate.MediaType(empty.Image, mt.manifest), mt.config)
	img, err := mutate.Append(img,
		mutate.Addendum{Layer: bin, History: v1.History{Created: created, CreatedBy: "slipway build: " + BinaryPath}},
		mutate.Addendum{Layer: model, History: v1.History{Created: created, CreatedBy: "slipway build: " + m.ModelPath()}},
	)
	if err != nil {
		return nil, err
	}
	cf, err := img.ConfigFile()
	if err != nil {
		return nil, err
	}
	cf = cf.DeepCopy()
	cf.OS, cf.Architecture, cf.Variant, cf.OSVersion = p.OS, p.Architecture, p.Variant, p.OSVersion
	cf.Created = created
	cf.Config = v1.Config{
		Entrypoint:   m.Entrypoint(),
		User:         User,
		WorkingDir:   "/",
		ExposedPorts: map[string]struct{}{ExposedPort(): {}},
		Labels:       m.Labels(),
	}
	return mutate.ConfigFile(img, cf)
}
