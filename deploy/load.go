package deploy

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/slipwayml/slipway/bundle"
	"github.com/slipwayml/slipway/model"
	"github.com/slipwayml/slipway/registry"
)

// loaded is a version extracted, loaded and warmed, ready to swap in.
type loaded struct {
	model model.Model
	// dir holds the extracted bundle for as long as the version is
	// served, since a format may read its files lazily.
	dir      string
	examples int
	loadTime time.Duration
	warmTime time.Duration
}

// load extracts v's bundle from the blob store (verifying its digests),
// loads the model and replays the bundle's examples against it. A model
// whose answers differ from the recorded ones is refused: the same check as
// the push gate, now on this server's build and hardware.
func (d *Deployer) load(ctx context.Context, v registry.Version) (*loaded, error) {
	start := time.Now()
	f, err := d.reg.Blobs.Open(v.Digest)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	dir, err := os.MkdirTemp(d.dir, fmt.Sprintf("%s-%d-", v.Model, v.Version))
	if err != nil {
		return nil, err
	}
	l, err := d.loadFrom(ctx, f, dir)
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	l.loadTime = time.Since(start) - l.warmTime
	return l, nil
}

func (d *Deployer) loadFrom(ctx context.Context, f *os.File, dir string) (*loaded, error) {
	b, err := bundle.Extract(f, dir, d.reg.Limits)
	if err != nil {
		return nil, err
	}
	m, err := model.Load(ctx, b.ArtifactPath(dir))
	if err != nil {
		return nil, fmt.Errorf("load: %w", err)
	}
	start := time.Now()
	if err := bundle.Check(ctx, m, b.Examples, d.opts.Replay); err != nil {
		return nil, fmt.Errorf("warm: %w", err)
	}
	return &loaded{model: m, dir: dir, examples: len(b.Examples), warmTime: time.Since(start)}, nil
}
