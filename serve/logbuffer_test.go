package serve

import (
	"bytes"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"
)

// lockedBuffer counts writes and is safe for the logWriter's timer.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
	n  int
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.n++
	return l.b.Write(p)
}

func (l *lockedBuffer) state() (string, int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String(), l.n
}

// waitFor polls until cond holds, failing after a few flush delays.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * flushDelay)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(flushDelay / 10)
	}
}

func TestLogWriterBatches(t *testing.T) {
	var out lockedBuffer
	lw := newLogWriter(&out)
	lw.Write([]byte("first\n"))
	if s, n := out.state(); s != "first\n" || n != 1 {
		t.Fatalf("a line written while idle is not written at once: %q in %d writes", s, n)
	}
	for range 100 {
		lw.Write([]byte("line\n"))
	}
	if _, n := out.state(); n != 1 {
		t.Fatalf("lines in a batching window were written at once (%d writes)", n)
	}
	waitFor(t, "the batch", func() bool { s, _ := out.state(); return strings.Count(s, "line\n") == 100 })
	if _, n := out.state(); n != 2 {
		t.Errorf("100 batched lines took %d writes, want 1", n-1)
	}
	// After an idle window, a line goes straight through again.
	waitFor(t, "the window to close", func() bool { lw.mu.Lock(); defer lw.mu.Unlock(); return !lw.window })
	lw.Write([]byte("later\n"))
	if s, _ := out.state(); !strings.HasSuffix(s, "later\n") {
		t.Errorf("a line after an idle window was held back: %q", s)
	}
	lw.Write(bytes.Repeat([]byte("y"), flushSize))
	if s, _ := out.state(); !strings.HasSuffix(s, "yyy") {
		t.Error("a full buffer was not written at once")
	}
}

func TestLoggerFlushesWarnings(t *testing.T) {
	var out lockedBuffer
	cfg := Default()
	log, err := cfg.Logger(&out)
	if err != nil {
		t.Fatal(err)
	}
	log.Info("opens the window")
	log.Info("batched")
	if s, _ := out.state(); strings.Contains(s, "batched") {
		t.Fatal("a second info line was not batched")
	}
	log.With("k", "v").Warn("urgent")
	if s, _ := out.state(); !strings.Contains(s, "batched") || !strings.Contains(s, "msg=urgent k=v") {
		t.Errorf("a warning did not flush the batch and itself: %q", s)
	}
	log.Info("tail")
	FlushLog(log)
	if s, _ := out.state(); !strings.Contains(s, "tail") {
		t.Errorf("flushLog left lines behind: %q", s)
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestLogWriterError(t *testing.T) {
	lw := newLogWriter(failWriter{})
	if _, err := lw.Write([]byte("a\n")); err == nil || err.Error() != "disk full" {
		t.Fatalf("Write: %v, want disk full", err)
	}
	if _, err := lw.Write([]byte("b\n")); err == nil {
		t.Error("Write after a failed write succeeded")
	}
}
