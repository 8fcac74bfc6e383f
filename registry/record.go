package registry

import (
	"context"
	"fmt"
	"time"
)

func (s *sqlStore) Record(ctx context.Context, e Event) error {
	if e.Actor == "" || e.Action == "" {
		return fmt.Errorf("%w: an event needs an actor and an action", ErrInvalid)
	}
	if e.Time.IsZero() {
		e.Time = time.Now().UTC()
	}
	if err := s.db.inTx(ctx, func(tx querier) error { return addEvent(ctx, tx, e) }); err != nil {
		return fmt.Errorf("record %s event: %w", e.Action, err)
	}
	return nil
}
