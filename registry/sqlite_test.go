package registry_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/slipwayml/slipway/registry"
	"github.com/slipwayml/slipway/registry/registrytest"
)

func TestSQLite(t *testing.T) {
	registrytest.Run(t, func(t *testing.T) registrytest.Opener {
		path := filepath.Join(t.TempDir(), "registry.db")
		return func(ctx context.Context) (registry.Store, error) { return registry.OpenSQLite(ctx, path) }
	})
}
