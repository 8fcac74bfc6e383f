package deploy

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"os"
	"slices"
	"strconv"
	"time"

	"github.com/slipwayml/slipway/model"
	"github.com/slipwayml/slipway/registry"
	"github.com/slipwayml/slipway/runtime"
)

// follow is what to deploy of one model: the aliases to follow (nil:
// all), and the alias whose version answers requests naming no version.
type follow struct {
	aliases []string
	def     string
}

// Sync brings the runtime to what the targets resolve to now: versions the
// aliases point at and the policy keeps are loaded and warmed, then each
// model's versions and labels are swapped in at once. A version that fails
// to load or warm is logged, audited and left out; its alias keeps serving
// the version it served before.
func (d *Deployer) Sync(ctx context.Context) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	models, err := d.models(ctx)
	if err != nil {
		return err
	}
	var errs []error
	for _, name := range slices.Sorted(maps.Keys(models)) {
		if err := d.syncModel(ctx, name, models[name]); err != nil {
			errs = append(errs, fmt.Errorf("deploy %s: %w", name, err))
		}
	}
	return errors.Join(errs...)
}

// preferredDefault is the alias that answers unversioned requests under
// '*', when a model has it.
const preferredDefault = "production"

// models expands the targets into what to follow per model. The first
// alias named for a model is its default; under '*' it is "production"
// when the model has one, otherwise its highest served version.
func (d *Deployer) models(ctx context.Context) (map[string]follow, error) {
	out := map[string]follow{}
	for _, t := range d.opts.Targets {
		if t.Model != All {
			f := out[t.Model]
			if f.def == "" {
				f.def = t.Alias
			}
			f.aliases = append(f.aliases, t.Alias)
			out[t.Model] = f
			continue
		}
		ms, err := d.reg.Store.Models(ctx)
		if err != nil {
			return nil, err
		}
		for _, m := range ms {
			f := follow{}
			if _, ok := m.Aliases[preferredDefault]; ok {
				f.def = preferredDefault
			}
			out[m.Name] = f
		}
		return out, nil // '*' covers every other target
	}
	return out, nil
}

// change is a label that now points elsewhere, for the log and the audit.
type change struct {
	alias    string
	from, to int
	l        *loaded
}

func (d *Deployer) syncModel(ctx context.Context, name string, f follow) error {
	start := time.Now()
	aliases, err := d.reg.Store.Aliases(ctx, name)
	if errors.Is(err, registry.ErrNotFound) {
		// Not pushed yet: serve nothing for it (and stay unready) rather
		// than refuse to start, so servers may come up before the model.
		d.log.Warn("model not in the registry yet", "model", name)
		return nil
	}
	if err != nil {
		return err
	}
	versions, err := d.reg.Store.Versions(ctx, name)
	if err != nil {
		return err
	}
	served := d.served[name]
	next, labels, changes := d.plan(ctx, name, f, aliases, versions)
	st := runtime.State{Versions: make(map[string]model.Model, len(next)), Labels: labels, Default: labels[f.def]}
	for n, l := range next {
		var m model.Model // nil keeps the loaded version
		if served[n] != l {
			m = l.model
		}
		st.Versions[strconv.Itoa(n)] = m
	}
	swapStart := time.Now()
	retired, err := d.rt.Set(name, st)
	if err != nil {
		for n, l := range next {
			if served[n] != l {
				os.RemoveAll(l.dir)
			}
		}
		return err
	}
	swapped := time.Since(swapStart)
	d.served[name] = next
	for _, c := range changes {
		d.swapped(ctx, name, c, time.Since(start), swapped)
	}
	for _, v := range retired {
		n, _ := strconv.Atoi(v.Version())
		d.unload(v, served[n])
	}
	return nil
}

// plan decides what name should serve: every followed alias at its
// version, loaded and warmed, or at the version it served before when its
// new one is refused; then the versions the policy keeps.
func (d *Deployer) plan(ctx context.Context, name string, f follow, aliases []registry.Alias, versions []registry.Version) (next map[int]*loaded, labels map[string]string, changes []change) {
	byNumber := make(map[int]registry.Version, len(versions))
	for _, v := range versions {
		byNumber[v.Version] = v
	}

	served := d.served[name]
	next = map[int]*loaded{}
	labels = map[string]string{}
	for _, a := range aliases {
		if f.aliases != nil && !slices.Contains(f.aliases, a.Alias) {
			continue
		}
		from := d.labelVersion(name, a.Alias)
		to := a.Version
		if !d.ensure(ctx, byNumber[a.Version], served, next) {
			// Keep serving what the alias served before, if anything.
			l := served[from]
			if l == nil {
				continue
			}
			next[from], to = l, from
		}
		labels[a.Alias] = strconv.Itoa(to)
		if to != from {
			changes = append(changes, change{alias: a.Alias, from: from, to: to, l: next[to]})
		}
	}
	for _, want := range f.aliases {
		if _, ok := labels[want]; !ok {
			d.log.Warn("alias not found or not loadable; nothing served for it", "model", name, "alias", want)
		}
	}
	for _, v := range d.opts.Policy.versions(versions) {
		d.ensure(ctx, v, served, next)
	}
	return next, labels, changes
}

// labelVersion is the version a label of name serves now, or 0.
func (d *Deployer) labelVersion(name, label string) int {
	v, err := d.rt.LookupLabel(name, label)
	if err != nil {
		return 0
	}
	n, _ := strconv.Atoi(v.Version())
	return n
}

// ensure puts version v into next, loading and warming it unless it is
// served already, and reports whether it could.
func (d *Deployer) ensure(ctx context.Context, v registry.Version, served, next map[int]*loaded) bool {
	if v.Version == 0 {
		return false // an alias at a version this listing does not have yet
	}
	if l := served[v.Version]; l != nil {
		next[v.Version] = l
		return true
	}
	if next[v.Version] != nil {
		return true
	}
	if d.failed[v.Model][v.Version] {
		return false
	}
	l, err := d.load(ctx, v)
	if err != nil {
		if ctx.Err() != nil {
			return false // shutting down, not a bad version
		}
		if d.failed[v.Model] == nil {
			d.failed[v.Model] = map[int]bool{}
		}
		d.failed[v.Model][v.Version] = true
		d.log.Error("version refused: not swapped in", "model", v.Model, "version", v.Version, "err", err)
		d.audit(ctx, registry.Event{Action: registry.ActionDeployFailed, Model: v.Model, Version: v.Version, Detail: err.Error()})
		return false
	}
	d.log.Info("version loaded and warmed", "model", v.Model, "version", v.Version,
		"examples", l.examples, "load", l.loadTime, "warm", l.warmTime)
	next[v.Version] = l
	return true
}

func (d *Deployer) swapped(ctx context.Context, name string, c change, total, swap time.Duration) {
	d.log.Info("alias swapped", "model", name, "alias", c.alias, "from", c.from, "to", c.to,
		"total", total, "swap", swap)
	detail := fmt.Sprintf("serving from %d; warmed with %d examples", c.from, c.l.examples)
	if c.from == 0 {
		detail = fmt.Sprintf("serving; warmed with %d examples", c.l.examples)
	}
	d.audit(ctx, registry.Event{Action: registry.ActionDeploy, Model: name, Version: c.to, Alias: c.alias, Detail: detail})
}

// unload waits in the background for v's in-flight requests, then removes
// its extracted files.
func (d *Deployer) unload(v *runtime.Version, l *loaded) {
	d.drains.Add(1)
	go func() {
		defer d.drains.Done()
		ctx, cancel := context.WithTimeout(context.Background(), d.opts.Drain)
		defer cancel()
		inFlight, err := v.Drain(ctx)
		if err != nil {
			d.log.Warn("old version still busy; removing its files anyway", "model", v.Name(), "version", v.Version(), "err", err)
		} else {
			d.log.Info("version unloaded", "model", v.Name(), "version", v.Version(), "drained", inFlight)
		}
		if l != nil {
			os.RemoveAll(l.dir)
		}
	}()
}

// audit records e as this server's doing; failing to is logged, since the
// deployment itself went ahead.
func (d *Deployer) audit(ctx context.Context, e registry.Event) {
	e.Actor = d.opts.Actor
	if err := d.reg.Store.Record(ctx, e); err != nil {
		d.log.Error("audit", "err", err)
	}
}
