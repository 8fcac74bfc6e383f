package runtime

import (
	"context"
	"time"
)

// limiter bounds concurrent predictions on one version. A nil limiter is
// unlimited.
type limiter struct {
	slots   chan struct{}
	timeout time.Duration
}

func newLimiter(max int, timeout time.Duration) *limiter {
	if max <= 0 {
		return nil
	}
	return &limiter{slots: make(chan struct{}, max), timeout: timeout}
}

// acquire takes a slot, waiting at most the queue timeout. The timer is only
// made when the fast path finds every slot busy.
func (l *limiter) acquire(ctx context.Context) error {
	if l == nil {
		return nil
	}
	select {
	case l.slots <- struct{}{}:
		return nil
	default:
	}
	if l.timeout <= 0 {
		return ErrSaturated
	}
	t := time.NewTimer(l.timeout)
	defer t.Stop()
	select {
	case l.slots <- struct{}{}:
		return nil
	case <-t.C:
		return ErrSaturated
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (l *limiter) release() {
	if l != nil {
		<-l.slots
	}
}
