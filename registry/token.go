package registry

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/slipwayml/slipway/bundle"
)

// Scope is what an API token may do. Scopes are ordered: each allows what
// the ones before it do.
type Scope string

const (
	ScopeRead   Scope = "read"   // list models, versions, aliases, the log; predict
	ScopeDeploy Scope = "deploy" // push versions, move aliases
	ScopeAdmin  Scope = "admin"  // everything
)

var scopes = []Scope{ScopeRead, ScopeDeploy, ScopeAdmin}

// ParseScope checks a scope's name.
func ParseScope(s string) (Scope, error) {
	if !slices.Contains(scopes, Scope(s)) {
		return "", fmt.Errorf("%w: scope %q (want read, deploy or admin)", ErrInvalid, s)
	}
	return Scope(s), nil
}

// Allows reports whether a token of scope s may act with scope need.
func (s Scope) Allows(need Scope) bool {
	have := slices.Index(scopes, s)
	return have >= 0 && have >= slices.Index(scopes, need)
}

// Token is a stored API token, without its secret.
type Token struct {
	Name    string    `json:"name"`
	Scope   Scope     `json:"scope"`
	Created time.Time `json:"created"`
	Actor   string    `json:"actor"`
}

// tokenPrefix marks Slipway tokens so secret scanners can find leaked ones.
const tokenPrefix = "slw_"

// tokenHash is what is stored of a secret. The secret holds 256 random
// bits, so a plain sha256 needs no salt or stretching.
func tokenHash(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

func (s *sqlStore) CreateToken(ctx context.Context, name string, scope Scope, actor string) (string, error) {
	if !bundle.ValidName(name) {
		return "", fmt.Errorf("%w: token name %q (letters, digits, '.', '_', '-')", ErrInvalid, name)
	}
	if _, err := ParseScope(string(scope)); err != nil {
		return "", err
	}
	if actor == "" {
		return "", fmt.Errorf("%w: token %s needs an actor", ErrInvalid, name)
	}
	var raw [32]byte
	rand.Read(raw[:])
	secret := tokenPrefix + base64.RawURLEncoding.EncodeToString(raw[:])
	now := time.Now().UTC()
	err := s.db.inTx(ctx, func(tx querier) error {
		var one int
		switch err := tx.queryRow(ctx, `SELECT 1 FROM tokens WHERE name = $1`, name).Scan(&one); {
		case err == nil:
			return fmt.Errorf("%w: token %s", ErrExists, name)
		case !errors.Is(err, sql.ErrNoRows):
			return err
		}
		if err := tx.exec(ctx, `INSERT INTO tokens (name, hash, scope, created, actor) VALUES ($1, $2, $3, $4, $5)`,
			name, tokenHash(secret), string(scope), now.UnixNano(), actor); err != nil {
			return err
		}
		return addEvent(ctx, tx, Event{Time: now, Actor: actor, Action: ActionToken,
			Detail: fmt.Sprintf("created token %s with scope %s", name, scope)})
	})
	if err != nil {
		return "", fmt.Errorf("create token %s: %w", name, err)
	}
	return secret, nil
}

func (s *sqlStore) Authenticate(ctx context.Context, secret string) (Token, error) {
	if !strings.HasPrefix(secret, tokenPrefix) {
		return Token{}, ErrBadToken
	}
	var t Token
	var created int64
	err := s.db.queryRow(ctx, `SELECT name, scope, created, actor FROM tokens WHERE hash = $1`,
		tokenHash(secret)).Scan(&t.Name, &t.Scope, &created, &t.Actor)
	if errors.Is(err, sql.ErrNoRows) {
		return Token{}, ErrBadToken
	}
	if err != nil {
		return Token{}, fmt.Errorf("authenticate: %w", err)
	}
	t.Created = fromNanos(created)
	return t, nil
}
