package runtime

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/slipwayml/slipway/model"
	"github.com/slipwayml/slipway/monitor"
)

// DefaultVersion is the version given to a model added without one.
const DefaultVersion = "1"

// Options configure a Runtime. The zero value is unlimited and unmonitored.
type Options struct {
	// MaxConcurrency bounds concurrent predictions per model version; 0 is
	// unlimited.
	MaxConcurrency int
	// QueueTimeout is how long a prediction waits for a slot before
	// ErrSaturated; 0 fails at once when every slot is busy.
	QueueTimeout time.Duration
	// Metrics, if set, receives inference, panic and load metrics.
	Metrics *monitor.Metrics
}

// Runtime is the set of loaded models. Readers see an immutable snapshot
// through an atomic pointer, so a version can be swapped without locking the
// request path; writers are serialised by mu.
type Runtime struct {
	opts Options
	mu   sync.Mutex
	snap atomic.Pointer[snapshot]
}

// snapshot is never modified after it is published.
type snapshot struct {
	models map[string]*entry
	names  []string // sorted
}

// entry is one model name with its versions.
type entry struct {
	versions []*Version // sorted, oldest first
	byName   map[string]*Version
	labels   map[string]string // label → version
	// def answers requests that name no version: the highest version, or
	// the one a deployment chose (see Set).
	def *Version
}

// New returns an empty Runtime.
func New(opts Options) *Runtime {
	r := &Runtime{opts: opts}
	r.snap.Store(&snapshot{models: map[string]*entry{}})
	return r
}

// Load reads the model file at path and adds it as name/version, recording
// the load time.
func (r *Runtime) Load(ctx context.Context, name, version, path string) error {
	return r.load(name, version, func() (model.Model, error) { return model.Load(ctx, path) })
}

// load adds the model that read returns as name/version, recording how
// long reading took.
func (r *Runtime) load(name, version string, read func() (model.Model, error)) error {
	start := time.Now()
	m, err := read()
	if err != nil {
		return fmt.Errorf("load model %s: %w", name, err)
	}
	if err := r.Add(name, version, m); err != nil {
		return err
	}
	if r.opts.Metrics != nil {
		r.opts.Metrics.Model(name, cmp.Or(version, DefaultVersion)).LoadTime.Observe(time.Since(start).Seconds())
	}
	return nil
}

// Add serves m as name/version ("" is DefaultVersion), replacing a version
// of the same name atomically. The highest version (numerically when both
// are numbers) becomes the default.
func (r *Runtime) Add(name, version string, m model.Model) error {
	if name == "" {
		return fmt.Errorf("add model: empty name")
	}
	version = cmp.Or(version, DefaultVersion)
	v := r.newVersion(name, version, m)
	r.mu.Lock()
	defer r.mu.Unlock()
	old := r.snap.Load()
	e := &entry{byName: map[string]*Version{}, labels: map[string]string{}}
	if prev, ok := old.models[name]; ok {
		maps.Copy(e.byName, prev.byName)
		maps.Copy(e.labels, prev.labels)
	}
	e.byName[version] = v
	e.versions = slices.SortedFunc(maps.Values(e.byName), func(a, b *Version) int {
		return compareVersions(a.version, b.version)
	})
	e.def = e.versions[len(e.versions)-1]
	r.publish(old, name, e)
	return nil
}

// SetLabel points label at an existing version of name, as TF Serving's
// version labels do.
func (r *Runtime) SetLabel(name, label, version string) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	old := r.snap.Load()
	prev, ok := old.models[name]
	if !ok {
		return fmt.Errorf("label %s: model %s %w", label, name, ErrNotFound)
	}
	if _, ok := prev.byName[version]; !ok {
		return fmt.Errorf("label %s: model %s version %s %w", label, name, version, ErrNotFound)
	}
	e := *prev
	e.labels = maps.Clone(prev.labels)
	e.labels[label] = version
	r.publish(old, name, &e)
	return nil
}

func (r *Runtime) newVersion(name, version string, m model.Model) *Version {
	v := &Version{
		model:   name,
		version: version,
		m:       m,
		limit:   newLimiter(r.opts.MaxConcurrency, r.opts.QueueTimeout),
		drained: make(chan struct{}),
	}
	if r.opts.Metrics != nil {
		v.metrics = r.opts.Metrics.Model(name, version)
		v.metrics.Loaded.Set(1)
	}
	return v
}

// publish makes e name's entry in the next snapshot; a nil e removes name.
func (r *Runtime) publish(old *snapshot, name string, e *entry) {
	next := &snapshot{models: maps.Clone(old.models)}
	if e == nil {
		delete(next.models, name)
	} else {
		next.models[name] = e
	}
	next.names = slices.Sorted(maps.Keys(next.models))
	r.snap.Store(next)
}

// compareVersions orders numeric versions numerically and others as strings,
// numbers first.
func compareVersions(a, b string) int {
	na, errA := strconv.ParseUint(a, 10, 64)
	nb, errB := strconv.ParseUint(b, 10, 64)
	switch {
	case errA == nil && errB == nil:
		return cmp.Compare(na, nb)
	case errA == nil:
		return -1
	case errB == nil:
		return 1
	}
	return cmp.Compare(a, b)
}

// Names returns the loaded model names, sorted.
func (r *Runtime) Names() []string { return r.snap.Load().names }

// Versions returns the loaded versions of name, oldest first, or nil.
func (r *Runtime) Versions(name string) []*Version {
	if e, ok := r.snap.Load().models[name]; ok {
		return e.versions
	}
	return nil
}

// Lookup returns name's version; "" means the default version.
// Errors wrap ErrNotFound.
func (r *Runtime) Lookup(name, version string) (*Version, error) {
	e, ok := r.snap.Load().models[name]
	if !ok {
		return nil, fmt.Errorf("model %s %w", name, ErrNotFound)
	}
	if version == "" {
		return e.def, nil
	}
	v, ok := e.byName[version]
	if !ok {
		return nil, fmt.Errorf("model %s with version %s %w", name, version, ErrNotFound)
	}
	return v, nil
}

// LookupLabel returns the version of name that label points at.
func (r *Runtime) LookupLabel(name, label string) (*Version, error) {
	e, ok := r.snap.Load().models[name]
	if !ok {
		return nil, fmt.Errorf("model %s %w", name, ErrNotFound)
	}
	version, ok := e.labels[label]
	if !ok {
		return nil, fmt.Errorf("model %s label %s %w", name, label, ErrNotFound)
	}
	return e.byName[version], nil
}

// Only returns the single loaded model's default version, and false when
// zero or several models are loaded.
func (r *Runtime) Only() (*Version, bool) {
	s := r.snap.Load()
	if len(s.names) != 1 {
		return nil, false
	}
	return s.models[s.names[0]].def, true
}

// Predict looks up name/version and runs its prediction.
func (r *Runtime) Predict(ctx context.Context, name, version string, inputs model.Tensors, outputs []string) (model.Tensors, error) {
	v, err := r.Lookup(name, version)
	if err != nil {
		return nil, err
	}
	return v.Predict(ctx, inputs, outputs)
}

// Metrics returns the metrics the runtime reports to, or nil.
func (r *Runtime) Metrics() *monitor.Metrics { return r.opts.Metrics }
