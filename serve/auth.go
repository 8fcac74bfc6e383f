package serve

import (
	"context"
	"crypto/sha256"
	"errors"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/slipwayml/slipway/registry"
)

// access is the token scope a route needs: read for GET and HEAD, write
// for other methods; "" needs no token.
type access struct {
	read, write registry.Scope
}

// manage is the management API's access.
var manage = access{read: registry.ScopeRead, write: registry.ScopeDeploy}

// need returns the scope a request on rt needs. Predictions (every POST
// of a protocol route) need read when the server requires tokens for
// them; metadata, health and metrics stay open for probes and scrapers.
func (rt *route) need(method string) registry.Scope {
	switch {
	case rt.access != (access{}) && (method == http.MethodGet || method == http.MethodHead):
		return rt.access.read
	case rt.access != (access{}):
		return rt.access.write
	case rt.s.cfg.Auth == AuthPredict && method == http.MethodPost:
		return registry.ScopeRead
	}
	return ""
}

// authorize checks the request's bearer token against need and records the
// token's name on the exchange as the actor of what follows. Failures are
// 401 (no or unknown token) or 403 (too narrow a scope); the token itself
// is never logged or echoed.
func (s *Server) authorize(x *exchange, need registry.Scope) error {
	secret, ok := strings.CutPrefix(x.r.Header.Get("Authorization"), "Bearer ")
	if !ok || secret == "" {
		x.Header().Set("WWW-Authenticate", `Bearer realm="slipway"`)
		return errorf(http.StatusUnauthorized, "this endpoint needs a token: Authorization: Bearer TOKEN (slipway token create)")
	}
	tok, err := s.tokens.authenticate(x.r.Context(), s.reg, secret)
	if errors.Is(err, registry.ErrBadToken) {
		x.Header().Set("WWW-Authenticate", `Bearer realm="slipway", error="invalid_token"`)
		return errorf(http.StatusUnauthorized, "invalid token")
	}
	if err != nil {
		return err
	}
	if !tok.Scope.Allows(need) {
		return errorf(http.StatusForbidden, "token %s has scope %s; this needs %s", tok.Name, tok.Scope, need)
	}
	x.actor = tok.Name
	return nil
}

// tokenTTL is how long a checked token is trusted without asking the
// registry again, so predictions under --auth predict do not each cost a
// database query. It is also how long a revoked token may still work on a
// running server; an expiry is honoured to the instant.
const tokenTTL = 10 * time.Second

// tokenCache maps the sha256 of a secret (never the secret) to its token.
type tokenCache struct {
	mu sync.Mutex
	m  map[[sha256.Size]byte]cachedToken
}

type cachedToken struct {
	tok     registry.Token
	expires time.Time
}

func (c *tokenCache) authenticate(ctx context.Context, reg *registry.Registry, secret string) (registry.Token, error) {
	if reg == nil {
		return registry.Token{}, registry.ErrBadToken // no registry, no tokens: fail closed
	}
	key := sha256.Sum256([]byte(secret))
	now := time.Now()
	c.mu.Lock()
	ct, ok := c.m[key]
	c.mu.Unlock()
	if ok && now.Before(ct.expires) {
		return ct.tok, nil
	}
	tok, err := reg.Store.Authenticate(ctx, secret)
	if err != nil {
		return tok, err
	}
	c.mu.Lock()
	if c.m == nil || len(c.m) > 1024 {
		c.m = map[[sha256.Size]byte]cachedToken{} // bounded: forget all rather than track age
	}
	until := now.Add(tokenTTL)
	if !tok.Expires.IsZero() && tok.Expires.Before(until) {
		until = tok.Expires
	}
	c.m[key] = cachedToken{tok, until}
	c.mu.Unlock()
	return tok, nil
}
