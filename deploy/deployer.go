package deploy

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"sync"
	"time"

	"github.com/slipwayml/slipway/bundle"
	"github.com/slipwayml/slipway/registry"
	"github.com/slipwayml/slipway/runtime"
)

// DefaultPoll is how often the registry's log is polled when Options.Poll
// is zero.
const DefaultPoll = 2 * time.Second

// Options configure a Deployer. Targets and Replay are required.
type Options struct {
	Targets []Target
	Policy  Policy
	// Poll is how often the audit log is checked for changes; a store
	// that is a registry.Watcher is also listened to.
	Poll time.Duration
	// Replay answers the bundles' examples when warming a version
	// (serve.PredictOffline).
	Replay bundle.Replay
	// Actor names this server in the audit log.
	Actor string
	// Dir is where the deployer makes its folder of extracted bundles; ""
	// is the system's temp folder.
	Dir string
	// Drain bounds how long an old version's in-flight requests may run
	// after a swap before its files are removed anyway; 0 is a minute.
	Drain time.Duration
	// Logger receives deployment events; nil discards them.
	Logger *slog.Logger
}

// Deployer keeps a Runtime serving the versions its targets resolve to.
type Deployer struct {
	reg  *registry.Registry
	rt   *runtime.Runtime
	opts Options
	log  *slog.Logger
	dir  string // extracted bundles, one folder per served version

	mu sync.Mutex // serialises Sync
	// served holds, per model, what this deployer swapped in.
	served map[string]map[int]*loaded
	// failed remembers versions that did not load or warm, so they are
	// not retried (and re-audited) on every change.
	failed map[string]map[int]bool
	// lastEvent is the newest audit event seen.
	lastEvent int64
	// drains tracks old versions still finishing their requests.
	drains sync.WaitGroup
}

// New returns a Deployer that loads versions from reg into rt.
func New(reg *registry.Registry, rt *runtime.Runtime, opts Options) (*Deployer, error) {
	if len(opts.Targets) == 0 {
		return nil, errors.New("deploy: no target (MODEL@ALIAS or '*')")
	}
	if opts.Replay == nil {
		return nil, errors.New("deploy: no replay function to warm versions with")
	}
	if opts.Poll <= 0 {
		opts.Poll = DefaultPoll
	}
	if opts.Drain <= 0 {
		opts.Drain = time.Minute
	}
	if opts.Actor == "" {
		opts.Actor = "slipway-serve"
	}
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	dir, err := os.MkdirTemp(opts.Dir, "slipway-deploy-")
	if err != nil {
		return nil, fmt.Errorf("deploy: %w", err)
	}
	return &Deployer{reg: reg, rt: rt, opts: opts, log: log, dir: dir,
		served: map[string]map[int]*loaded{}, failed: map[string]map[int]bool{}}, nil
}

// Close removes the extracted bundles. Call it once Run has returned and
// the runtime serves no more requests.
func (d *Deployer) Close() error { return os.RemoveAll(d.dir) }

// Run follows the registry until ctx is done: after each change seen in the
// audit log (at least every Poll, at once on a notification) it runs Sync.
// Errors reading the registry are logged, and a failed Sync is retried at
// the next poll; Run returns after ctx is done and the old versions have
// drained.
func (d *Deployer) Run(ctx context.Context) {
	defer d.drains.Wait()
	var watching sync.WaitGroup
	defer watching.Wait()
	kick := make(chan struct{}, 1)
	if w, ok := d.reg.Store.(registry.Watcher); ok {
		watching.Go(func() { d.watch(ctx, w, kick) })
	}
	tick := time.NewTicker(d.opts.Poll)
	defer tick.Stop()
	retry := false
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		case <-kick:
		}
		changed, err := d.changed(ctx)
		if err == nil && (changed || retry) {
			err = d.Sync(ctx)
			retry = err != nil
		}
		if err != nil && ctx.Err() == nil {
			d.log.Error("deploy", "err", err)
		}
	}
}

// watch relays the store's notifications to kick, reconnecting after a
// failure once per poll interval.
func (d *Deployer) watch(ctx context.Context, w registry.Watcher, kick chan<- struct{}) {
	for ctx.Err() == nil {
		err := w.Watch(ctx, func() {
			select {
			case kick <- struct{}{}:
			default: // a sync is already due
			}
		})
		if ctx.Err() != nil {
			return
		}
		d.log.Warn("registry notifications lost; polling until reconnected", "err", err)
		select {
		case <-ctx.Done():
		case <-time.After(d.opts.Poll):
		}
	}
}

// logPage is how many audit events are read per query.
const logPage = 1000

// changed reports whether audit events were added since the last call, and
// moves past them.
func (d *Deployer) changed(ctx context.Context) (bool, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	seen := false
	for {
		es, err := d.reg.Store.Log(ctx, registry.LogQuery{After: d.lastEvent, Limit: logPage})
		if err != nil {
			return seen, fmt.Errorf("poll registry: %w", err)
		}
		if len(es) == 0 {
			return seen, nil
		}
		seen = true
		d.lastEvent = es[len(es)-1].ID
	}
}

// Start moves past the audit log's current end, then runs a first Sync, so
// a change made while it runs is seen by Run.
func (d *Deployer) Start(ctx context.Context) error {
	if _, err := d.changed(ctx); err != nil {
		return err
	}
	return d.Sync(ctx)
}
