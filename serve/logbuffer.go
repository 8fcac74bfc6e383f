package serve

import (
	"context"
	"io"
	"log/slog"
	"sync"
	"time"
)

// logWriter batches log lines under load, so that an access log costs a
// memory copy per request instead of a write system call under the logger's
// lock (at 64 connections that syscall alone cut throughput several-fold).
// A line written while idle goes straight through and opens a batching
// window of flushDelay; lines within the window are written when it closes.
type logWriter struct {
	mu     sync.Mutex
	w      io.Writer
	buf    []byte
	window bool // a batching window is open
	timer  *time.Timer
	err    error // the first write error, returned by later calls
}

const (
	flushDelay = 100 * time.Millisecond
	flushSize  = 64 << 10 // a buffer this full is written at once
)

func newLogWriter(w io.Writer) *logWriter {
	lw := &logWriter{w: w}
	lw.timer = time.AfterFunc(time.Hour, lw.tick)
	lw.timer.Stop()
	return lw
}

func (lw *logWriter) Write(p []byte) (int, error) {
	lw.mu.Lock()
	defer lw.mu.Unlock()
	if lw.err != nil {
		return 0, lw.err
	}
	if !lw.window {
		lw.window = true
		lw.timer.Reset(flushDelay)
		if _, lw.err = lw.w.Write(p); lw.err != nil {
			return 0, lw.err
		}
		return len(p), nil
	}
	lw.buf = append(lw.buf, p...)
	if len(lw.buf) >= flushSize {
		return len(p), lw.flushLocked()
	}
	return len(p), nil
}

// tick ends a window: it writes the lines batched in it, and keeps batching
// if there were any.
func (lw *logWriter) tick() {
	lw.mu.Lock()
	defer lw.mu.Unlock()
	if len(lw.buf) == 0 {
		lw.window = false
		return
	}
	lw.flushLocked()
	lw.timer.Reset(flushDelay)
}

// Flush writes out the batched lines.
func (lw *logWriter) Flush() error {
	lw.mu.Lock()
	defer lw.mu.Unlock()
	return lw.flushLocked()
}

func (lw *logWriter) flushLocked() error {
	if len(lw.buf) == 0 || lw.err != nil {
		return lw.err
	}
	_, lw.err = lw.w.Write(lw.buf)
	lw.buf = lw.buf[:0]
	return lw.err
}

// bufferedHandler is a slog.Handler writing through a logWriter. Warnings
// and errors flush at once, so they are never held back.
type bufferedHandler struct {
	slog.Handler
	lw *logWriter
}

func (h bufferedHandler) Handle(ctx context.Context, r slog.Record) error {
	err := h.Handler.Handle(ctx, r)
	if r.Level >= slog.LevelWarn {
		h.lw.Flush()
	}
	return err
}

func (h bufferedHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	return bufferedHandler{h.Handler.WithAttrs(attrs), h.lw}
}

func (h bufferedHandler) WithGroup(name string) slog.Handler {
	return bufferedHandler{h.Handler.WithGroup(name), h.lw}
}

// FlushLog writes out what a logger from Config.Logger has batched; call it
// before the process exits.
func FlushLog(l *slog.Logger) {
	if h, ok := l.Handler().(bufferedHandler); ok {
		h.lw.Flush()
	}
}
