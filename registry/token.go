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
	// Expires is when the token stops working; zero means never.
	Expires time.Time `json:"expires,omitzero"`
	// Revoked is when it was revoked; zero while it is not.
	Revoked time.Time `json:"revoked,omitzero"`
}

// Valid reports whether the token authenticates at time now.
func (t Token) Valid(now time.Time) bool {
	return t.Revoked.IsZero() && (t.Expires.IsZero() || now.Before(t.Expires))
}

// tokenPrefix marks Slipway tokens so secret scanners can find leaked ones.
const tokenPrefix = "slw_"

// tokenHash is what is stored of a secret. The secret holds 256 random
// bits, so a plain sha256 needs no salt or stretching.
func tokenHash(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

func (s *sqlStore) CreateToken(ctx context.Context, t Token) (string, error) {
	name, scope, actor := t.Name, t.Scope, t.Actor
	if !bundle.ValidName(name) {
		return "", fmt.Errorf("%w: token name %q (letters, digits, '.', '_', '-')", ErrInvalid, name)
	}
	if _, err := ParseScope(string(scope)); err != nil {
		return "", err
	}
	if actor == "" {
		return "", fmt.Errorf("%w: token %s needs an actor", ErrInvalid, name)
	}
	now := time.Now().UTC()
	var expires int64
	if !t.Expires.IsZero() {
		if !t.Expires.After(now) {
			return "", fmt.Errorf("%w: token %s would expire at %s, in the past", ErrInvalid, name, t.Expires.Format(time.RFC3339))
		}
		expires = t.Expires.UnixNano()
	}
	var raw [32]byte
	rand.Read(raw[:])
	secret := tokenPrefix + base64.RawURLEncoding.EncodeToString(raw[:])
	err := s.db.inTx(ctx, func(tx querier) error {
		var one int
		switch err := tx.queryRow(ctx, `SELECT 1 FROM tokens WHERE name = $1`, name).Scan(&one); {
		case err == nil:
			return fmt.Errorf("%w: token %s", ErrExists, name)
		case !errors.Is(err, sql.ErrNoRows):
			return err
		}
		if err := tx.exec(ctx, `INSERT INTO tokens (name, hash, scope, created, actor, expires) VALUES ($1, $2, $3, $4, $5, $6)`,
			name, tokenHash(secret), string(scope), now.UnixNano(), actor, expires); err != nil {
			return err
		}
		detail := fmt.Sprintf("created token %s with scope %s", name, scope)
		if expires != 0 {
			detail += ", expiring " + t.Expires.UTC().Format(time.RFC3339)
		}
		return addEvent(ctx, tx, Event{Time: now, Actor: actor, Action: ActionToken, Detail: detail})
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
	t, err := scanToken(s.db.queryRow(ctx, `SELECT `+tokenColumns+` FROM tokens WHERE hash = $1`, tokenHash(secret)))
	if errors.Is(err, sql.ErrNoRows) {
		return Token{}, ErrBadToken
	}
	if err != nil {
		return Token{}, fmt.Errorf("authenticate: %w", err)
	}
	switch now := time.Now(); {
	case !t.Revoked.IsZero():
		return Token{}, fmt.Errorf("%w: token %s was revoked", ErrBadToken, t.Name)
	case !t.Valid(now):
		return Token{}, fmt.Errorf("%w: token %s expired at %s", ErrBadToken, t.Name, t.Expires.Format(time.RFC3339))
	}
	return t, nil
}

func (s *sqlStore) Tokens(ctx context.Context) ([]Token, error) {
	var out []Token
	err := s.db.query(ctx, `SELECT `+tokenColumns+` FROM tokens ORDER BY name`, nil, func(row scanner) error {
		t, err := scanToken(row)
		out = append(out, t)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("list tokens: %w", err)
	}
	return out, nil
}

func (s *sqlStore) RevokeToken(ctx context.Context, name, actor string) error {
	if actor == "" {
		return fmt.Errorf("%w: revoking token %s needs an actor", ErrInvalid, name)
	}
	now := time.Now().UTC()
	err := s.db.inTx(ctx, func(tx querier) error {
		var revoked int64
		switch err := tx.queryRow(ctx, `SELECT revoked FROM tokens WHERE name = $1`, name).Scan(&revoked); {
		case errors.Is(err, sql.ErrNoRows):
			return fmt.Errorf("token %s: %w", name, ErrNotFound)
		case err != nil:
			return err
		case revoked != 0:
			return nil // already revoked: keep the first time
		}
		if err := tx.exec(ctx, `UPDATE tokens SET revoked = $1 WHERE name = $2`, now.UnixNano(), name); err != nil {
			return err
		}
		return addEvent(ctx, tx, Event{Time: now, Actor: actor, Action: ActionToken, Detail: "revoked token " + name})
	})
	if err != nil {
		return fmt.Errorf("revoke token %s: %w", name, err)
	}
	return nil
}

const tokenColumns = `name, scope, created, actor, expires, revoked`

func scanToken(row scanner) (Token, error) {
	var t Token
	var created, expires, revoked int64
	if err := row.Scan(&t.Name, &t.Scope, &created, &t.Actor, &expires, &revoked); err != nil {
		return Token{}, err
	}
	t.Created = fromNanos(created)
	if expires != 0 {
		t.Expires = fromNanos(expires)
	}
	if revoked != 0 {
		t.Revoked = fromNanos(revoked)
	}
	return t, nil
}
