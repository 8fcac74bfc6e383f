package registry_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

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

func TestPostgresNotifies(t *testing.T) {
	dsn := registrytest.PostgresDSN(t)
	s, err := registry.OpenPostgres(t.Context(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	listener, err := pgx.Connect(t.Context(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer listener.Close(context.Background())
	if _, err := listener.Exec(t.Context(), "LISTEN "+registry.NotifyChannel); err != nil {
		t.Fatal(err)
	}
	_, err = s.Push(t.Context(), registry.PushRequest{
		Model: "iris", Digest: "sha256:" + strings.Repeat("0", 64), Format: "sklearn", Validated: true, Actor: "alice"})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
	defer cancel()
	if _, err := listener.WaitForNotification(ctx); err != nil {
		t.Errorf("no notification after a push: %v", err)
	}
}

func TestPostgresWatch(t *testing.T) {
	dsn := registrytest.PostgresDSN(t)
	s, err := registry.OpenPostgres(t.Context(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	w, ok := s.(registry.Watcher)
	if !ok {
		t.Fatal("the PostgreSQL store is not a Watcher")
	}
	ctx, cancel := context.WithCancel(t.Context())
	changed := make(chan struct{}, 1)
	watching := make(chan error, 1)
	go func() {
		watching <- w.Watch(ctx, func() {
			select {
			case changed <- struct{}{}:
			default:
			}
		})
	}()
	// Change until the watcher hears it: the first change may commit
	// before Watch is listening.
	deadline := time.After(5 * time.Second)
	for heard := false; !heard; {
		if err := s.Record(t.Context(), registry.Event{Actor: "alice", Action: registry.ActionDeploy}); err != nil {
			t.Fatal(err)
		}
		select {
		case <-changed:
			heard = true
		case <-time.After(50 * time.Millisecond):
		case <-deadline:
			t.Fatal("Watch did not report a change")
		}
	}
	cancel()
	if err := <-watching; !errors.Is(err, context.Canceled) {
		t.Errorf("Watch after its context ended: %v, want context.Canceled", err)
	}
}
