package registrytest

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/slipwayml/slipway/registry"
)

// Opener opens one database; every call opens the same database anew, as a
// second process would.
type Opener func(ctx context.Context) (registry.Store, error)

// Run runs the suite. newDB returns an Opener for a new, empty database each
// time it is called, and removes the database when t ends.
func Run(t *testing.T, newDB func(t *testing.T) Opener) {
	tests := []struct {
		name string
		fn   func(*testing.T, Opener)
	}{
		{"PushNumbersVersions", testPushNumbersVersions},
		{"VersionRoundTrip", testVersionRoundTrip},
		{"ConcurrentPushes", testConcurrentPushes},
		{"Resolve", testResolve},
		{"Aliases", testAliases},
		{"AliasNeedsValidation", testAliasNeedsValidation},
		{"Models", testModels},
		{"Log", testLog},
		{"InvalidInput", testInvalidInput},
		{"Reopen", testReopen},
		{"ConcurrentFirstOpen", testConcurrentFirstOpen},
		{"Tokens", testTokens},
		{"TokenLifetime", testTokenLifetime},
		{"Record", testRecord},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { tt.fn(t, newDB(t)) })
	}
}

func open(t *testing.T, o Opener) registry.Store {
	t.Helper()
	s, err := o(t.Context())
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// request is a valid push of model whose digest encodes i, so versions can
// be told apart.
func request(model string, i int) registry.PushRequest {
	return registry.PushRequest{
		Model:     model,
		Digest:    fmt.Sprintf("sha256:%064x", i),
		Size:      int64(100 + i),
		Format:    "sklearn",
		Validated: true,
		Actor:     "alice",
	}
}

func push(t *testing.T, s registry.Store, req registry.PushRequest) registry.Version {
	t.Helper()
	v, err := s.Push(t.Context(), req)
	if err != nil {
		t.Fatalf("push %s: %v", req.Model, err)
	}
	return v
}

func versionNumbers(vs []registry.Version) []int {
	var ns []int
	for _, v := range vs {
		ns = append(ns, v.Version)
	}
	return ns
}

func testPushNumbersVersions(t *testing.T, o Opener) {
	s := open(t, o)
	for i, want := range []struct {
		model   string
		version int
	}{{"iris", 1}, {"iris", 2}, {"wine", 1}, {"iris", 3}, {"wine", 2}} {
		if v := push(t, s, request(want.model, i)); v.Version != want.version {
			t.Errorf("push %d of %s = version %d, want %d", i, want.model, v.Version, want.version)
		}
	}
	vs, err := s.Versions(t.Context(), "iris")
	if err != nil {
		t.Fatal(err)
	}
	if got := versionNumbers(vs); !slices.Equal(got, []int{1, 2, 3}) {
		t.Errorf("versions of iris = %v, want [1 2 3]", got)
	}
	if _, err := s.Versions(t.Context(), "absent"); !errors.Is(err, registry.ErrNotFound) {
		t.Errorf("versions of an unknown model: err = %v, want ErrNotFound", err)
	}
}

func testVersionRoundTrip(t *testing.T, o Opener) {
	s := open(t, o)
	req := request("iris", 7)
	req.Framework, req.FrameworkVersion = "scikit-learn", "1.2.1"
	req.Tags = map[string]string{"team": "growth", "dataset": "iris-2026.csv"}
	req.Examples = 3
	pushed := push(t, s, req)
	got, err := s.Resolve(t.Context(), "iris", "1")
	if err != nil {
		t.Fatal(err)
	}
	if !got.Created.Equal(pushed.Created) || got.Created.IsZero() {
		t.Errorf("created = %v, push returned %v", got.Created, pushed.Created)
	}
	got.Created = pushed.Created
	want := registry.Version{
		Model: "iris", Version: 1, Digest: req.Digest, Size: req.Size, Format: "sklearn",
		Framework: "scikit-learn", FrameworkVersion: "1.2.1", Tags: req.Tags,
		Validated: true, Examples: 3, Created: pushed.Created, Actor: "alice",
	}
	if !equalVersion(got, want) || !equalVersion(pushed, want) {
		t.Errorf("resolved %+v\npushed   %+v\nwant     %+v", got, pushed, want)
	}
}

func equalVersion(a, b registry.Version) bool { return reflect.DeepEqual(a, b) }

func testConcurrentPushes(t *testing.T, o Opener) {
	// Each pusher opens its own store, as separate processes would.
	const n = 8
	stores := make([]registry.Store, n)
	for i := range stores {
		stores[i] = open(t, o)
	}
	versions := make([]int, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			v, err := stores[i].Push(t.Context(), request("iris", i))
			versions[i], errs[i] = v.Version, err
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Fatalf("concurrent pushes: %v", err)
	}
	slices.Sort(versions)
	for i, v := range versions {
		if v != i+1 {
			t.Fatalf("versions of %d concurrent pushes = %v, want 1..%d each once", n, versions, n)
		}
	}
	log, err := stores[0].Log(t.Context(), registry.LogQuery{Model: "iris"})
	if err != nil {
		t.Fatal(err)
	}
	if len(log) != n {
		t.Errorf("%d audit events for %d pushes", len(log), n)
	}
}

func testResolve(t *testing.T, o Opener) {
	s := open(t, o)
	for i := range 3 {
		push(t, s, request("iris", i))
	}
	if err := s.SetAlias(t.Context(), "iris", "production", 2, "bob"); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		model, ref string
		version    int
		err        error
	}{
		{"iris", "1", 1, nil},
		{"iris", "3", 3, nil},
		{"iris", "latest", 3, nil},
		{"iris", "production", 2, nil},
		{"iris", "4", 0, registry.ErrNotFound},
		{"iris", "0", 0, registry.ErrNotFound},
		{"iris", "staging", 0, registry.ErrNotFound},
		{"wine", "latest", 0, registry.ErrNotFound},
		{"iris", "no/slash", 0, registry.ErrInvalid},
		{"../iris", "1", 0, registry.ErrInvalid},
	} {
		v, err := s.Resolve(t.Context(), tt.model, tt.ref)
		if !errors.Is(err, tt.err) || (err == nil && v.Version != tt.version) {
			t.Errorf("Resolve(%s, %s) = %d, %v; want %d, %v", tt.model, tt.ref, v.Version, err, tt.version, tt.err)
		}
	}
}

func testAliases(t *testing.T, o Opener) {
	s := open(t, o)
	push(t, s, request("iris", 0))
	req := request("iris", 1)
	req.Alias = "staging"
	push(t, s, req)
	steps := []struct {
		alias   string
		version int
		err     error
	}{
		{"production", 1, nil},
		{"production", 2, nil},
		{"production", 1, nil},
		{"production", 3, registry.ErrNotFound},
		{"canary", 9, registry.ErrNotFound},
	}
	for _, st := range steps {
		err := s.SetAlias(t.Context(), "iris", st.alias, st.version, "bob")
		if !errors.Is(err, st.err) {
			t.Errorf("SetAlias(%s -> %d) = %v, want %v", st.alias, st.version, err, st.err)
		}
	}
	as, err := s.Aliases(t.Context(), "iris")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, a := range as {
		got = append(got, fmt.Sprintf("%s=%d by %s", a.Alias, a.Version, a.Actor))
	}
	want := []string{"production=1 by bob", "staging=2 by alice"}
	if !slices.Equal(got, want) {
		t.Errorf("aliases = %v, want %v", got, want)
	}
}

func testAliasNeedsValidation(t *testing.T, o Opener) {
	s := open(t, o)
	failed := request("iris", 0)
	failed.Validated = false
	push(t, s, failed)
	if err := s.SetAlias(t.Context(), "iris", "production", 1, "bob"); !errors.Is(err, registry.ErrNotValidated) {
		t.Errorf("alias to an unvalidated version: err = %v, want ErrNotValidated", err)
	}
	failed.Alias = "production"
	if _, err := s.Push(t.Context(), failed); !errors.Is(err, registry.ErrNotValidated) {
		t.Errorf("push of an unvalidated version with an alias: err = %v, want ErrNotValidated", err)
	}
	vs, err := s.Versions(t.Context(), "iris")
	if err != nil {
		t.Fatal(err)
	}
	if len(vs) != 1 {
		t.Errorf("a refused push left %d versions, want 1", len(vs))
	}
	if as, _ := s.Aliases(t.Context(), "iris"); len(as) != 0 {
		t.Errorf("aliases = %v, want none", as)
	}
}

func testModels(t *testing.T, o Opener) {
	s := open(t, o)
	if ms, err := s.Models(t.Context()); err != nil || len(ms) != 0 {
		t.Fatalf("models of an empty registry = %v, %v", ms, err)
	}
	push(t, s, request("wine", 0))
	push(t, s, request("iris", 1))
	push(t, s, request("iris", 2))
	if err := s.SetAlias(t.Context(), "iris", "production", 1, "bob"); err != nil {
		t.Fatal(err)
	}
	ms, err := s.Models(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, m := range ms {
		got = append(got, fmt.Sprintf("%s latest=%d aliases=%v", m.Name, m.Latest, m.Aliases))
	}
	want := []string{"iris latest=2 aliases=map[production:1]", "wine latest=1 aliases=map[]"}
	if !slices.Equal(got, want) {
		t.Errorf("models = %q, want %q", got, want)
	}
}

func testLog(t *testing.T, o Opener) {
	s := open(t, o)
	push(t, s, request("iris", 0))
	push(t, s, request("wine", 1))
	req := request("iris", 2)
	req.Alias = "production"
	push(t, s, req)
	if err := s.SetAlias(t.Context(), "iris", "production", 1, "carol"); err != nil {
		t.Fatal(err)
	}
	all, err := s.Log(t.Context(), registry.LogQuery{})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"alice push iris 1",
		"alice push wine 1",
		"alice push iris 2",
		"alice alias iris 2 production",
		"carol alias iris 1 production from 2",
	}
	if got := describe(all); !slices.Equal(got, want) {
		t.Fatalf("log = %q\nwant  %q", got, want)
	}
	for i := 1; i < len(all); i++ {
		if all[i].ID <= all[i-1].ID || all[i].Time.Before(all[i-1].Time) {
			t.Errorf("event %d (id %d, %v) is not after event %d (id %d, %v)",
				i, all[i].ID, all[i].Time, i-1, all[i-1].ID, all[i-1].Time)
		}
	}
	for _, tt := range []struct {
		q    registry.LogQuery
		want int
	}{
		{registry.LogQuery{Model: "iris"}, 4},
		{registry.LogQuery{Model: "wine"}, 1},
		{registry.LogQuery{After: all[2].ID}, 2},
		{registry.LogQuery{Model: "iris", After: all[0].ID, Limit: 2}, 2},
		{registry.LogQuery{After: all[4].ID}, 0},
	} {
		es, err := s.Log(t.Context(), tt.q)
		if err != nil || len(es) != tt.want {
			t.Errorf("Log(%+v) = %q, %v; want %d events", tt.q, describe(es), err, tt.want)
		}
	}
}

// describe renders events for comparison, leaving out push events' detail
// (the digest).
func describe(es []registry.Event) []string {
	var out []string
	for _, e := range es {
		detail := e.Detail
		if e.Action == registry.ActionPush {
			detail = ""
		}
		out = append(out, strings.Join(strings.Fields(fmt.Sprintf("%s %s %s %d %s %s",
			e.Actor, e.Action, e.Model, e.Version, e.Alias, detail)), " "))
	}
	return out
}

func testInvalidInput(t *testing.T, o Opener) {
	s := open(t, o)
	push(t, s, request("iris", 0))
	bad := func(f func(*registry.PushRequest)) registry.PushRequest {
		r := request("iris", 1)
		f(&r)
		return r
	}
	for name, req := range map[string]registry.PushRequest{
		"empty name":      bad(func(r *registry.PushRequest) { r.Model = "" }),
		"path in name":    bad(func(r *registry.PushRequest) { r.Model = "a/b" }),
		"dot-dot name":    bad(func(r *registry.PushRequest) { r.Model = ".." }),
		"no actor":        bad(func(r *registry.PushRequest) { r.Actor = "" }),
		"md5 digest":      bad(func(r *registry.PushRequest) { r.Digest = "md5:abc" }),
		"numeric alias":   bad(func(r *registry.PushRequest) { r.Alias = "2" }),
		"alias latest":    bad(func(r *registry.PushRequest) { r.Alias = "latest" }),
		"bad tag key":     bad(func(r *registry.PushRequest) { r.Tags = map[string]string{"a b": "c"} }),
		"huge tag value":  bad(func(r *registry.PushRequest) { r.Tags = map[string]string{"k": strings.Repeat("v", 2000)} }),
		"quote in alias":  bad(func(r *registry.PushRequest) { r.Alias = "prod'; --" }),
		"unicode in name": bad(func(r *registry.PushRequest) { r.Model = "írís" }),
	} {
		if _, err := s.Push(t.Context(), req); !errors.Is(err, registry.ErrInvalid) {
			t.Errorf("%s: push err = %v, want ErrInvalid", name, err)
		}
	}
	if err := s.SetAlias(t.Context(), "iris", "7", 1, "bob"); !errors.Is(err, registry.ErrInvalid) {
		t.Errorf("numeric alias: err = %v, want ErrInvalid", err)
	}
	if err := s.SetAlias(t.Context(), "iris", "production", 1, ""); !errors.Is(err, registry.ErrInvalid) {
		t.Errorf("alias without actor: err = %v, want ErrInvalid", err)
	}
	if vs, _ := s.Versions(t.Context(), "iris"); len(vs) != 1 {
		t.Errorf("refused pushes left %d versions, want 1", len(vs))
	}
}

func testReopen(t *testing.T, o Opener) {
	s := open(t, o)
	push(t, s, request("iris", 0))
	if err := s.SetAlias(t.Context(), "iris", "production", 1, "bob"); err != nil {
		t.Fatal(err)
	}
	s.Close()
	// Opening again runs the migrations again; they must be no-ops.
	s = open(t, o)
	v, err := s.Resolve(t.Context(), "iris", "production")
	if err != nil || v.Version != 1 {
		t.Fatalf("after reopening, iris@production = %d, %v; want 1", v.Version, err)
	}
	if v := push(t, s, request("iris", 1)); v.Version != 2 {
		t.Errorf("push after reopening = version %d, want 2", v.Version)
	}
}

func testConcurrentFirstOpen(t *testing.T, o Opener) {
	const n = 4
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			s, err := o(t.Context())
			if err == nil {
				_, err = s.Push(t.Context(), request("iris", i))
				s.Close()
			}
			errs[i] = err
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Fatalf("concurrent first opens: %v", err)
	}
}
