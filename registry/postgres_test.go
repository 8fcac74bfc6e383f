package registry_test

import (
	"context"
	"testing"

	"github.com/slipwayml/slipway/registry"
	"github.com/slipwayml/slipway/registry/registrytest"
)

func TestPostgres(t *testing.T) {
	registrytest.PostgresDSN(t) // skips early when no server is configured
	registrytest.Run(t, func(t *testing.T) registrytest.Opener {
		dsn := registrytest.PostgresDSN(t)
		return func(ctx context.Context) (registry.Store, error) { return registry.OpenPostgres(ctx, dsn) }
	})
}
