package registrytest

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/slipwayml/slipway/registry"
)

func testTokens(t *testing.T, o Opener) {
	s := open(t, o)
	secret, err := s.CreateToken(t.Context(), registry.Token{Name: "ci", Scope: registry.ScopeDeploy, Actor: "alice"})
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
	if _, err := s.CreateToken(t.Context(), registry.Token{Name: "ci", Scope: registry.ScopeRead, Actor: "bob"}); !errors.Is(err, registry.ErrExists) {
		t.Errorf("second token named ci: %v, want ErrExists", err)
	}
	for _, tc := range []registry.Token{
		{Name: "no/slash", Scope: registry.ScopeRead, Actor: "alice"},
		{Name: "x", Scope: "root", Actor: "alice"},
		{Name: "y", Scope: registry.ScopeRead},
		{Name: "z", Scope: registry.ScopeRead, Actor: "alice", Expires: time.Now().Add(-time.Second)},
	} {
		if _, err := s.CreateToken(t.Context(), tc); !errors.Is(err, registry.ErrInvalid) {
			t.Errorf("CreateToken(%+v): %v, want ErrInvalid", tc, err)
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

// testTokenLifetime checks expiry and revocation: both stop a token at
// once, in every process, and revocation is in the log.
func testTokenLifetime(t *testing.T, o Opener) {
	s := open(t, o)
	short, err := s.CreateToken(t.Context(), registry.Token{Name: "short", Scope: registry.ScopeRead, Actor: "alice", Expires: time.Now().Add(300 * time.Millisecond)})
	if err != nil {
		t.Fatal(err)
	}
	long, err := s.CreateToken(t.Context(), registry.Token{Name: "long", Scope: registry.ScopeAdmin, Actor: "alice"})
	if err != nil {
		t.Fatal(err)
	}
	for _, secret := range []string{short, long} {
		if _, err := s.Authenticate(t.Context(), secret); err != nil {
			t.Fatalf("fresh token: %v", err)
		}
	}
	time.Sleep(400 * time.Millisecond)
	if _, err := s.Authenticate(t.Context(), short); !errors.Is(err, registry.ErrBadToken) || !strings.Contains(err.Error(), "expired") {
		t.Errorf("expired token: %v, want ErrBadToken saying it expired", err)
	}
	if err := s.RevokeToken(t.Context(), "long", "bob"); err != nil {
		t.Fatal(err)
	}
	other := open(t, o)
	if _, err := other.Authenticate(t.Context(), long); !errors.Is(err, registry.ErrBadToken) || !strings.Contains(err.Error(), "revoked") {
		t.Errorf("revoked token: %v, want ErrBadToken saying it was revoked", err)
	}
	if err := s.RevokeToken(t.Context(), "long", "bob"); err != nil {
		t.Errorf("revoking twice: %v", err)
	}
	if err := s.RevokeToken(t.Context(), "nope", "bob"); !errors.Is(err, registry.ErrNotFound) {
		t.Errorf("revoking an unknown token: %v, want ErrNotFound", err)
	}
	toks, err := other.Tokens(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if len(toks) != 2 || toks[0].Name != "long" || toks[0].Revoked.IsZero() || toks[0].Valid(time.Now()) ||
		toks[1].Name != "short" || toks[1].Expires.IsZero() || !toks[1].Revoked.IsZero() {
		t.Errorf("tokens = %+v, want long (revoked) and short (expiring)", toks)
	}
	es, err := s.Log(t.Context(), registry.LogQuery{})
	if err != nil {
		t.Fatal(err)
	}
	if last := es[len(es)-1]; len(es) != 3 || last.Actor != "bob" || last.Detail != "revoked token long" {
		t.Errorf("log = %+v, want two creations and one revocation by bob", es)
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
