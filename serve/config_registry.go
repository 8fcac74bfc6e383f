package serve

import (
	"fmt"

	"github.com/slipwayml/slipway/deploy"
	"github.com/slipwayml/slipway/registry"
)

// validateRegistry checks the registry, deployment and auth settings.
func (c Config) validateRegistry() []error {
	var errs []error
	bad := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	if c.Registry == "" {
		if len(c.Deploy) > 0 {
			bad("deploy %v: needs a registry", c.Deploy)
		}
		if c.Auth != "" {
			bad("auth %q: tokens live in a registry; set one", c.Auth)
		}
	} else if registry.IsPostgres(c.Registry) && c.Blobs == "" {
		bad("registry: a PostgreSQL registry needs blobs (a folder)")
	}
	if _, err := c.targets(); err != nil {
		bad("deploy: %v", err)
	}
	if _, err := deploy.ParsePolicy(c.Versions); err != nil {
		bad("versions: %v", err)
	}
	if c.Auth != "" && c.Auth != AuthPredict {
		bad("auth %q: want %q or nothing", c.Auth, AuthPredict)
	}
	return errs
}

func (c Config) targets() ([]deploy.Target, error) {
	ts := make([]deploy.Target, 0, len(c.Deploy))
	for _, s := range c.Deploy {
		t, err := deploy.ParseTarget(s)
		if err != nil {
			return nil, err
		}
		ts = append(ts, t)
	}
	return ts, nil
}

// RegistryConfig returns the registry the config names.
func (c Config) RegistryConfig() registry.Config {
	return registry.Config{Location: c.Registry, Blobs: c.Blobs}
}

// DeployOptions returns the deployment options the config implies; the
// caller adds the actor and logger. Call it on a validated config.
func (c Config) DeployOptions() deploy.Options {
	ts, _ := c.targets()
	p, _ := deploy.ParsePolicy(c.Versions)
	return deploy.Options{Targets: ts, Policy: p, Poll: c.Poll, Replay: PredictOffline}
}
