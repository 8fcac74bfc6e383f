package main

import (
	"strings"
	"testing"
	"time"
)

// TestTokenLifecycle creates an expiring and a plain token, lists them,
// revokes one, and checks a server refuses the revoked token and accepts
// the other.
func TestTokenLifecycle(t *testing.T) {
	reg := []string{"--registry", t.TempDir()}
	model, examples := irisFiles(t, "")
	if out, err := run(t, "", append([]string{"push", model, "--name", "iris", "--examples", examples}, reg...)...); err != nil {
		t.Fatalf("push: %v\n%s", err, out)
	}
	if out, err := run(t, "", append([]string{"alias", "iris", "production", "1"}, reg...)...); err != nil {
		t.Fatalf("alias: %v\n%s", err, out)
	}
	var a, b struct{ Name, Token, Expires string }
	runJSON(t, &a, append([]string{"token", "create", "a", "--scope", "read", "--expires", "1h"}, reg...)...)
	runJSON(t, &b, append([]string{"token", "create", "b", "--scope", "read"}, reg...)...)
	if exp, err := time.Parse(time.RFC3339, a.Expires); err != nil || time.Until(exp) < 59*time.Minute || time.Until(exp) > time.Hour {
		t.Errorf("token a expires %q, want an hour from now", a.Expires)
	}
	if _, err := run(t, "", append([]string{"token", "create", "c", "--scope", "read", "--expires", "-1h"}, reg...)...); err == nil {
		t.Error("a negative --expires was accepted")
	}
	var revoked struct {
		Name    string
		Revoked bool
	}
	runJSON(t, &revoked, append([]string{"token", "revoke", "b"}, reg...)...)
	if !revoked.Revoked {
		t.Errorf("revoke printed %+v", revoked)
	}
	if out, err := run(t, "", append([]string{"token", "revoke", "nope"}, reg...)...); err == nil || !strings.Contains(out+err.Error(), "not found") {
		t.Errorf("revoking an unknown token: %v %s, want a not-found error", err, out)
	}
	out, err := run(t, "", append([]string{"token", "list"}, reg...)...)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "valid until") || !strings.Contains(out, "revoked") || strings.Contains(out, "slw_") {
		t.Errorf("token list:\n%s\nwant a valid-until line, a revoked line and no secrets", out)
	}

	addr, _ := startServe(t, append([]string{"--deploy", "iris@production", "--auth", "predict"}, reg...)...)
	if v := inferVersion(t, addr, a.Token); v != "1" {
		t.Errorf("live token: answered %s, want version 1", v)
	}
	if v := inferVersion(t, addr, b.Token); v != "401" {
		t.Errorf("revoked token: answered %s, want 401", v)
	}
}
