package deploy_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/slipwayml/slipway/deploy"
	"github.com/slipwayml/slipway/model"
	"github.com/slipwayml/slipway/registry"
	"github.com/slipwayml/slipway/runtime"
	"github.com/slipwayml/slipway/serve"
)

const actor = "serve@test"

// newDeployer follows targets in reg with a fresh runtime.
func newDeployer(t *testing.T, reg *registry.Registry, opts deploy.Options) (*deploy.Deployer, *runtime.Runtime) {
	t.Helper()
	rt := runtime.New(runtime.Options{})
	opts.Actor, opts.Dir = actor, t.TempDir()
	if opts.Replay == nil {
		opts.Replay = serve.PredictOffline
	}
	d, err := deploy.New(reg, rt, opts)
	if err != nil {
		t.Fatal(err)
	}
	if err := d.Start(t.Context()); err != nil {
		t.Fatal(err)
	}
	return d, rt
}

var production = []deploy.Target{{Model: "lin", Alias: "production"}}

func served(rt *runtime.Runtime, name string) []string {
	var vs []string
	for _, v := range rt.Versions(name) {
		vs = append(vs, v.Version())
	}
	return vs
}

// A version that cannot be loaded or warmed is not swapped in: the alias
// keeps its old version, and the refusal is logged in the audit log once.
func TestRefusedVersionKeepsServing(t *testing.T) {
	var lying atomic.Bool
	// lyingReplay answers like a server build whose outputs drifted.
	lyingReplay := func(ctx context.Context, m model.Model, body []byte, method string) ([]byte, error) {
		if lying.Load() {
			return []byte(`{"predictions":[0,0]}`), nil
		}
		return serve.PredictOffline(ctx, m, body, method)
	}
	tests := []struct {
		name   string
		breakV func(t *testing.T, reg registry.Config, v registry.Version)
		detail string // in the audit event
	}{
		{"tampered blob", func(t *testing.T, cfg registry.Config, v registry.Version) {
			p := filepath.Join(cfg.Location, "blobs", "sha256", strings.TrimPrefix(v.Digest, "sha256:"))
			os.Chmod(p, 0o644)
			f, err := os.OpenFile(p, os.O_APPEND|os.O_WRONLY, 0)
			if err != nil {
				t.Fatal(err)
			}
			f.WriteString("x")
			f.Close()
		}, "content hashes to"},
		{"examples differ", func(*testing.T, registry.Config, registry.Version) { lying.Store(true) }, "warm: example"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lying.Store(false)
			cfg := registry.Config{Location: t.TempDir()}
			reg := openRegistry(t, cfg)
			pushVersion(t, reg, 1)
			v2 := pushVersion(t, reg, 2)
			if err := reg.Store.SetAlias(t.Context(), "lin", "production", 1, "test"); err != nil {
				t.Fatal(err)
			}
			d, rt := newDeployer(t, reg, deploy.Options{Targets: production, Replay: lyingReplay})
			tt.breakV(t, cfg, v2)
			if err := reg.Store.SetAlias(t.Context(), "lin", "production", 2, "test"); err != nil {
				t.Fatal(err)
			}
			for range 2 { // the second sync must not retry or re-audit
				if err := d.Sync(t.Context()); err != nil {
					t.Fatal(err)
				}
			}
			if v, err := rt.LookupLabel("lin", "production"); err != nil || v.Version() != "1" {
				t.Errorf("production serves %v, %v; want version 1 still", v, err)
			}
			if got := served(rt, "lin"); !slices.Equal(got, []string{"1"}) {
				t.Errorf("served versions %v, want [1]", got)
			}
			es, err := reg.Store.Log(t.Context(), registry.LogQuery{Model: "lin"})
			if err != nil {
				t.Fatal(err)
			}
			var refusals []registry.Event
			for _, e := range es {
				if e.Action == registry.ActionDeployFailed {
					refusals = append(refusals, e)
				}
			}
			if len(refusals) != 1 || refusals[0].Version != 2 || refusals[0].Actor != actor || !strings.Contains(refusals[0].Detail, tt.detail) {
				t.Errorf("refusals in the audit log: %+v; want one for version 2 by %s mentioning %q", refusals, actor, tt.detail)
			}
		})
	}
}

// The version policy decides which versions stay addressable besides the
// alias's, which stays the default.
func TestVersionPolicy(t *testing.T) {
	reg := openRegistry(t, registry.Config{Location: t.TempDir()})
	for n := range 3 {
		pushVersion(t, reg, 1+n%2) // versions 1, 2, 3 = models v1, v2, v1
	}
	if err := reg.Store.SetAlias(t.Context(), "lin", "production", 1, "test"); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		policy string
		want   []string
	}{
		{"aliases", []string{"1"}},
		{"latest:2", []string{"1", "2", "3"}},
		{"specific:2", []string{"1", "2"}},
	}
	for _, tt := range tests {
		p, err := deploy.ParsePolicy(tt.policy)
		if err != nil {
			t.Fatal(err)
		}
		_, rt := newDeployer(t, reg, deploy.Options{Targets: production, Policy: p})
		if got := served(rt, "lin"); !slices.Equal(got, tt.want) {
			t.Errorf("policy %s serves %v, want %v", tt.policy, got, tt.want)
		}
		if v, err := rt.Lookup("lin", ""); err != nil || v.Version() != "1" {
			t.Errorf("policy %s: default version %v, %v; want the alias's, 1", tt.policy, v, err)
		}
	}
}

// '*' follows every alias of every model; "production" is the default.
func TestDeployAll(t *testing.T) {
	reg := openRegistry(t, registry.Config{Location: t.TempDir()})
	pushVersion(t, reg, 1)
	pushVersion(t, reg, 2)
	for _, a := range []struct {
		alias   string
		version int
	}{{"production", 1}, {"staging", 2}} {
		if err := reg.Store.SetAlias(t.Context(), "lin", a.alias, a.version, "test"); err != nil {
			t.Fatal(err)
		}
	}
	_, rt := newDeployer(t, reg, deploy.Options{Targets: []deploy.Target{{Model: deploy.All}}})
	if got := served(rt, "lin"); !slices.Equal(got, []string{"1", "2"}) {
		t.Errorf("served %v, want [1 2]", got)
	}
	for label, want := range map[string]string{"production": "1", "staging": "2", "": "1"} {
		lookup := rt.LookupLabel
		if label == "" {
			lookup = rt.Lookup
		}
		if v, err := lookup("lin", label); err != nil || v.Version() != want {
			t.Errorf("label %q serves %v, %v; want %s", label, v, err, want)
		}
	}
}

// On PostgreSQL a moved alias is picked up from its notification, long
// before the next poll.
func TestPostgresNotificationSwaps(t *testing.T) {
	cfg := backends[1].cfg(t)
	reg := openRegistry(t, cfg)
	pushVersion(t, reg, 1)
	pushVersion(t, reg, 2)
	if err := reg.Store.SetAlias(t.Context(), "lin", "production", 1, "test"); err != nil {
		t.Fatal(err)
	}
	d, rt := newDeployer(t, openRegistry(t, cfg), deploy.Options{Targets: production, Poll: time.Hour})
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan struct{})
	go func() { d.Run(ctx); close(done) }()
	defer func() { cancel(); <-done }()
	time.Sleep(100 * time.Millisecond) // let Run start listening
	start := time.Now()
	if err := reg.Store.SetAlias(t.Context(), "lin", "production", 2, "test"); err != nil {
		t.Fatal(err)
	}
	for {
		if v, err := rt.LookupLabel("lin", "production"); err == nil && v.Version() == "2" {
			t.Logf("swapped %v after the alias moved", time.Since(start))
			return
		}
		if time.Since(start) > 5*time.Second {
			t.Fatal("the alias moved but no swap within 5s, with polling every hour")
		}
		time.Sleep(time.Millisecond)
	}
}
