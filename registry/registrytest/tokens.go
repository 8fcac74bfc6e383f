package registrytest

import (
	"errors"
	"strings"
	"testing"

	"github.com/slipwayml/slipway/registry"
)

func testTokens(t *testing.T, o Opener) {
	s := open(t, o)
	secret, err := s.CreateToken(t.Context(), "ci", registry.ScopeDeploy, "alice")
	if err != nil {
		t.Fatal(err)
	}
	// A second process authenticates what the first created.
	other := open(t, o)
	tok, err := other.Authenticate(t.Context(), secret)
	if err != nil || tok.Name != "ci" || tok.Scope != registry.ScopeDeploy || tok.Actor != "alice" {
		t.Errorf("Authenticate = %+v, %v; want ci with scope deploy by alice", tok, err)
	}
	for _, bad := range []string{"", "slw_", secret[:len(secret)-1], strings.ToUpper(secret), "Bearer " + secret} {
		if _, err := s.Authenticate(t.Context(), bad); !errors.Is(err, registry.ErrBadToken) {
			t.Errorf("Authenticate(%q): %v, want ErrBadToken", bad, err)
		}
	}
	if _, err := s.CreateToken(t.Context(), "ci", registry.ScopeRead, "bob"); !errors.Is(err, registry.ErrExists) {
		t.Errorf("second token named ci: %v, want ErrExists", err)
	}
	for _, tc := range []struct {
		name  string
		scope registry.Scope
		actor string
	}{
		{"no/slash", registry.ScopeRead, "alice"},
		{"x", "root", "alice"},
		{"y", registry.ScopeRead, ""},
	} {
		if _, err := s.CreateToken(t.Context(), tc.name, tc.scope, tc.actor); !errors.Is(err, registry.ErrInvalid) {
			t.Errorf("CreateToken(%q, %q, %q): %v, want ErrInvalid", tc.name, tc.scope, tc.actor, err)
		}
	}
	es, err := s.Log(t.Context(), registry.LogQuery{})
	if err != nil {
		t.Fatal(err)
	}
	if len(es) != 1 || es[0].Action != registry.ActionToken || es[0].Actor != "alice" ||
		!strings.Contains(es[0].Detail, "ci") || strings.Contains(es[0].Detail, secret) {
		t.Errorf("log after one token = %+v; want one token event by alice naming ci, without the secret", es)
	}
}

func testRecord(t *testing.T, o Opener) {
	s := open(t, o)
	e := registry.Event{Actor: "serve@a", Action: registry.ActionDeployFailed, Model: "iris", Version: 2, Detail: "warm: mismatch"}
	if err := s.Record(t.Context(), e); err != nil {
		t.Fatal(err)
	}
	if err := s.Record(t.Context(), registry.Event{Action: registry.ActionDeploy}); !errors.Is(err, registry.ErrInvalid) {
		t.Errorf("event without an actor: %v, want ErrInvalid", err)
	}
	es, err := s.Log(t.Context(), registry.LogQuery{Model: "iris"})
	if err != nil {
		t.Fatal(err)
	}
	if len(es) != 1 || es[0].Action != e.Action || es[0].Actor != e.Actor || es[0].Version != 2 || es[0].Detail != e.Detail || es[0].Time.IsZero() {
		t.Errorf("log = %+v, want the recorded event", es)
	}
}
