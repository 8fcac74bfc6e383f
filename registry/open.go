package registry

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Config selects a registry. The zero value is the default: SQLite and
// blobs in ~/.slipway.
type Config struct {
	// Location is a folder, holding registry.db (SQLite) and blobs/, or
	// a postgres:// or postgresql:// URL.
	Location string
	// Blobs is the blob folder: required with PostgreSQL, Location/blobs
	// by default otherwise.
	Blobs string
}

// DefaultLocation is ~/.slipway.
func DefaultLocation() (string, error) {
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("registry location: %w", err)
	}
	return filepath.Join(home, ".slipway"), nil
}

// IsPostgres reports whether location is a PostgreSQL URL.
func IsPostgres(location string) bool {
	return strings.HasPrefix(location, "postgres://") || strings.HasPrefix(location, "postgresql://")
}

// Open opens the registry cfg selects. The caller sets Replay before
// pushing bundles with examples, and closes the registry.
func Open(ctx context.Context, cfg Config) (*Registry, error) {
	if cfg.Location == "" {
		loc, err := DefaultLocation()
		if err != nil {
			return nil, err
		}
		cfg.Location = loc
	}
	var store Store
	var err error
	if IsPostgres(cfg.Location) {
		if cfg.Blobs == "" {
			return nil, fmt.Errorf("a PostgreSQL registry needs a blob folder (--blobs or SLIPWAY_BLOBS)")
		}
		store, err = OpenPostgres(ctx, cfg.Location)
	} else {
		if cfg.Blobs == "" {
			cfg.Blobs = filepath.Join(cfg.Location, "blobs")
		}
		store, err = OpenSQLite(ctx, filepath.Join(cfg.Location, "registry.db"))
	}
	if err != nil {
		return nil, err
	}
	blobs, err := OpenBlobs(cfg.Blobs)
	if err != nil {
		store.Close()
		return nil, err
	}
	return &Registry{Store: store, Blobs: blobs}, nil
}
