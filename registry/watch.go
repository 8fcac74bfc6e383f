package registry

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5/pgxpool"
)

// Watcher is a Store that can announce changes as they commit, so a
// follower reacts at once instead of at its next poll.
type Watcher interface {
	// Watch calls changed after each committed change (coalescing is
	// allowed) until ctx is done or the connection fails; it returns the
	// error. A caller keeps polling Store.Log regardless, since a
	// notification can be missed while Watch is not running.
	Watch(ctx context.Context, changed func()) error
}

// pgStore is the PostgreSQL Store, which is also a Watcher.
type pgStore struct {
	*sqlStore
	pool *pgxpool.Pool
}

var _ Watcher = (*pgStore)(nil)

// Watch LISTENs on NotifyChannel on a connection of its own: a pooled one
// would carry the subscription back into the pool.
func (s *pgStore) Watch(ctx context.Context, changed func()) error {
	conn, err := s.pool.Acquire(ctx)
	if err != nil {
		return fmt.Errorf("watch registry: %w", err)
	}
	c := conn.Hijack()
	defer c.Close(context.WithoutCancel(ctx))
	if _, err := c.Exec(ctx, "LISTEN "+NotifyChannel); err != nil {
		return fmt.Errorf("watch registry: %w", err)
	}
	for {
		if _, err := c.WaitForNotification(ctx); err != nil {
			return fmt.Errorf("watch registry: %w", err)
		}
		changed()
	}
}
