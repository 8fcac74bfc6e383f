package registry

import (
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"

	"github.com/slipwayml/slipway/bundle"
	"github.com/slipwayml/slipway/model"
)

// Registry joins a metadata Store and a blob store, and runs the validation
// gate on every push.
type Registry struct {
	Store Store
	Blobs *Blobs
	// Replay answers example requests for the gate (serve.PredictOffline).
	Replay bundle.Replay
	// Limits bound the bundles Push and Pull accept.
	Limits bundle.Limits
}

// Close closes the store.
func (r *Registry) Close() error { return r.Store.Close() }

// PushOptions qualify a push. The zero value pushes under the bundle's own
// name with its own tags, but Actor is required.
type PushOptions struct {
	Name  string            // overrides the manifest's name
	Tags  map[string]string // added to the manifest's tags
	Alias string            // pointed at the new version
	Actor string
}

// GateError is a push the validation gate refused: the model did not load,
// or an example's replayed output differs from the recorded one (Err is then
// a *bundle.CheckError naming the example and the first differing value).
type GateError struct {
	Model string
	Err   error
}

func (e *GateError) Error() string {
	return fmt.Sprintf("validation gate refused %s: %v", e.Model, e.Err)
}

func (e *GateError) Unwrap() error { return e.Err }

// Push checks the bundle at path (digests, then the validation gate), stores
// it as a blob and records it as the next version. The blob is written
// before the version, so an interrupted push leaves at most an unreferenced
// blob, never a version without its bytes.
func (r *Registry) Push(ctx context.Context, path string, opts PushOptions) (Version, error) {
	f, err := os.Open(path)
	if err != nil {
		return Version{}, fmt.Errorf("push: %w", err)
	}
	defer f.Close()
	b, err := r.gate(ctx, f)
	if err != nil {
		return Version{}, err
	}
	name := b.Manifest.Name
	if opts.Name != "" {
		name = opts.Name
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return Version{}, fmt.Errorf("push: %w", err)
	}
	digest, size, err := r.Blobs.Put(f)
	if err != nil {
		return Version{}, fmt.Errorf("push %s: %w", name, err)
	}
	tags := maps.Clone(b.Manifest.Tags)
	if len(opts.Tags) > 0 {
		if tags == nil {
			tags = map[string]string{}
		}
		maps.Copy(tags, opts.Tags)
	}
	return r.Store.Push(ctx, PushRequest{
		Model:            name,
		Digest:           digest,
		Size:             size,
		Format:           b.Manifest.Format,
		Framework:        b.Manifest.Framework,
		FrameworkVersion: b.Manifest.FrameworkVersion,
		Tags:             tags,
		Validated:        true,
		Examples:         len(b.Examples),
		Alias:            opts.Alias,
		Actor:            opts.Actor,
	})
}

// gate extracts the bundle to a scratch folder, loads the model (which must
// be in the format the manifest names) and replays the examples. A bundle
// without examples passes on loading alone.
func (r *Registry) gate(ctx context.Context, bundleFile io.Reader) (*bundle.Bundle, error) {
	dir, err := os.MkdirTemp("", "slipway-push-")
	if err != nil {
		return nil, fmt.Errorf("push: %w", err)
	}
	defer os.RemoveAll(dir)
	b, err := bundle.Extract(bundleFile, dir, r.Limits)
	if err != nil {
		return nil, fmt.Errorf("push: %w", err)
	}
	format, err := model.Detect(b.ArtifactPath(dir))
	if err == nil && format.Name != b.Manifest.Format {
		err = fmt.Errorf("the manifest says format %s, the artifact is %s", b.Manifest.Format, format.Name)
	}
	if err != nil {
		return nil, &GateError{Model: b.Manifest.Name, Err: err}
	}
	m, err := format.Load(ctx, b.ArtifactPath(dir))
	if err != nil {
		return nil, &GateError{Model: b.Manifest.Name, Err: fmt.Errorf("load %s model: %w", format.Name, err)}
	}
	if len(b.Examples) > 0 && r.Replay == nil {
		return nil, &GateError{Model: b.Manifest.Name, Err: errors.New("no replay function to check examples with")}
	}
	if err := bundle.Check(ctx, m, b.Examples, r.Replay); err != nil {
		return nil, &GateError{Model: b.Manifest.Name, Err: err}
	}
	return b, nil
}

// Pull resolves model@ref and extracts its bundle into dir (which must not
// hold files of the same names), with the version written into the
// manifest.
func (r *Registry) Pull(ctx context.Context, name, ref, dir string) (Version, error) {
	v, err := r.Store.Resolve(ctx, name, ref)
	if err != nil {
		return Version{}, err
	}
	f, err := r.Blobs.Open(v.Digest)
	if err != nil {
		return Version{}, fmt.Errorf("pull %s@%s: %w", name, ref, err)
	}
	defer f.Close()
	b, err := bundle.Extract(f, dir, r.Limits)
	if err != nil {
		return Version{}, fmt.Errorf("pull %s@%s: %w", name, ref, err)
	}
	b.Manifest.Name, b.Manifest.Version = v.Model, v.Version
	if err := bundle.WriteManifest(dir, &b.Manifest); err != nil {
		return Version{}, fmt.Errorf("pull %s@%s: %w", name, ref, err)
	}
	return v, nil
}

// Verify re-hashes every blob and checks that every version's blob exists.
// It returns one error per problem found; err is for failing to look.
func (r *Registry) Verify(ctx context.Context) (problems []error, err error) {
	problems, err = r.Blobs.Verify(ctx)
	if err != nil {
		return problems, err
	}
	digests, err := r.Store.Digests(ctx)
	if err != nil {
		return problems, err
	}
	for _, d := range digests {
		p, err := r.Blobs.path(d)
		if err != nil {
			problems = append(problems, err)
			continue
		}
		if _, err := os.Stat(p); err != nil {
			problems = append(problems, fmt.Errorf("blob %s: %w", d, ErrNotFound))
		}
	}
	return problems, nil
}
