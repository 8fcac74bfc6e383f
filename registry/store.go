package registry

import (
	"context"
	"errors"
	"time"
)

// Store holds the registry's metadata. Implementations are safe for
// concurrent use, also by several processes sharing one database, and make
// every change atomic: a change and its audit event land together or not at
// all. Names, aliases and tags come from users and are validated here.
type Store interface {
	// Push records the next version of req.Model (creating the model on
	// its first push), its tags, optionally an alias, and the audit
	// events. Concurrent pushes of one model get distinct versions.
	Push(ctx context.Context, req PushRequest) (Version, error)
	// Models lists every model, sorted by name.
	Models(ctx context.Context) ([]Model, error)
	// Versions lists a model's versions, oldest first.
	Versions(ctx context.Context, model string) ([]Version, error)
	// Resolve finds the version ref names: a number, an alias, or
	// "latest".
	Resolve(ctx context.Context, model, ref string) (Version, error)
	// SetAlias points alias at a version that passed validation.
	SetAlias(ctx context.Context, model, alias string, version int, actor string) error
	// Aliases lists a model's aliases, sorted by name.
	Aliases(ctx context.Context, model string) ([]Alias, error)
	// Log returns audit events in the order they happened. Polling with
	// After set to the last ID seen yields every later change exactly once.
	Log(ctx context.Context, q LogQuery) ([]Event, error)
	// Digests lists the blob of every version, for verification.
	Digests(ctx context.Context) ([]string, error)
	// Record appends an event that changes no metadata, e.g. a server
	// deploying a version or refusing to.
	Record(ctx context.Context, e Event) error
	// CreateToken stores a new API token (its Name, Scope, Actor and
	// optional Expires) under a unique name and returns its secret; only a
	// hash is kept, so the secret cannot be shown again.
	CreateToken(ctx context.Context, t Token) (secret string, err error)
	// Authenticate returns the token whose secret this is, or an error
	// wrapping ErrBadToken (unknown, expired or revoked).
	Authenticate(ctx context.Context, secret string) (Token, error)
	// Tokens lists every token, revoked ones included, by name.
	Tokens(ctx context.Context) ([]Token, error)
	// RevokeToken stops a token from authenticating; it stays listed.
	RevokeToken(ctx context.Context, name, actor string) error
	Close() error
}

// PushRequest is a new version to record.
type PushRequest struct {
	Model string
	// Digest names the bundle's blob ("sha256:…"), already stored.
	Digest           string
	Size             int64
	Format           string
	Framework        string
	FrameworkVersion string
	Tags             map[string]string
	// Validated reports whether the bundle passed the validation gate;
	// only validated versions can take an alias.
	Validated bool
	Examples  int
	// Alias, if set, is pointed at the new version in the same transaction.
	Alias string
	Actor string
}

// Model is a named series of versions.
type Model struct {
	Name string `json:"name"`
	// Latest is the highest version number given out.
	Latest  int            `json:"latest"`
	Aliases map[string]int `json:"aliases"`
	Created time.Time      `json:"created"`
}

// Version is one pushed bundle.
type Version struct {
	Model            string            `json:"model"`
	Version          int               `json:"version"`
	Digest           string            `json:"digest"`
	Size             int64             `json:"size"`
	Format           string            `json:"format"`
	Framework        string            `json:"framework,omitempty"`
	FrameworkVersion string            `json:"framework_version,omitempty"`
	Tags             map[string]string `json:"tags,omitempty"`
	Validated        bool              `json:"validated"`
	Examples         int               `json:"examples"`
	Created          time.Time         `json:"created"`
	Actor            string            `json:"actor"`
}

// Alias is a movable name for one version of a model.
type Alias struct {
	Model   string    `json:"model"`
	Alias   string    `json:"alias"`
	Version int       `json:"version"`
	Updated time.Time `json:"updated"`
	Actor   string    `json:"actor"`
}

// Actions recorded in the audit log.
const (
	ActionPush  = "push"
	ActionAlias = "alias"
	ActionToken = "token"
	// A server following an alias records the version it swapped in, or
	// the version it refused because loading or warming it failed.
	ActionDeploy       = "deploy"
	ActionDeployFailed = "deploy-failed"
)

// Event is one audit log entry: who did what, when.
type Event struct {
	ID      int64     `json:"id"`
	Time    time.Time `json:"time"`
	Actor   string    `json:"actor"`
	Action  string    `json:"action"`
	Model   string    `json:"model"`
	Version int       `json:"version"`
	Alias   string    `json:"alias,omitempty"`
	// Detail is free text, e.g. the version an alias moved from.
	Detail string `json:"detail,omitempty"`
}

// LogQuery selects audit events. The zero value selects all.
type LogQuery struct {
	Model string // only this model's events
	After int64  // only events with a greater ID
	Limit int    // at most this many, the oldest first; 0 means no limit
}

var (
	// ErrNotFound reports an unknown model, version or alias.
	ErrNotFound = errors.New("not found")
	// ErrNotValidated reports an alias aimed at a version that did not pass
	// the validation gate.
	ErrNotValidated = errors.New("version did not pass validation")
	// ErrInvalid reports a malformed name, alias, tag or reference.
	ErrInvalid = errors.New("invalid argument")
	// ErrExists reports a name already taken, e.g. a token's.
	ErrExists = errors.New("already exists")
	// ErrBadToken reports an unknown, malformed, expired or revoked API
	// token.
	ErrBadToken = errors.New("invalid token")
)
