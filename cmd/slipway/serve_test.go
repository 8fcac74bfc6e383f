package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/spf13/pflag"
)

func TestServeConfigPrecedence(t *testing.T) {
	dir := t.TempDir()
	cfgPath := filepath.Join(dir, "slipway.yaml")
	os.WriteFile(cfgPath, []byte("addr: 127.0.0.1:9000\nqueue_timeout: 5s\nlog_format: json\nmodels:\n  a: /models/a.pkl\n"), 0o644)
	t.Setenv("SLIPWAY_QUEUE_TIMEOUT", "2s")
	t.Setenv("SLIPWAY_ADDR", "127.0.0.1:9100")
	cmd := newServe()
	if err := cmd.ParseFlags([]string{"--addr", "127.0.0.1:9200"}); err != nil {
		t.Fatal(err)
	}
	cfg, err := serveConfig(cmd.Flags(), cfgPath, []string{"b=/models/b.onnx", "/models/c.joblib"})
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Addr != "127.0.0.1:9200" {
		t.Errorf("addr = %s, want the flag's 127.0.0.1:9200", cfg.Addr)
	}
	if cfg.QueueTimeout != 2*time.Second {
		t.Errorf("queue timeout = %v, want the environment's 2s", cfg.QueueTimeout)
	}
	if cfg.LogFormat != "json" {
		t.Errorf("log format = %s, want the file's json", cfg.LogFormat)
	}
	want := map[string]string{"a": "/models/a.pkl", "b": "/models/b.onnx", "c": "/models/c.joblib"}
	for k, v := range want {
		if cfg.Models[k] != v {
			t.Errorf("model %s = %q, want %q", k, cfg.Models[k], v)
		}
	}
}

func TestServeConfigErrors(t *testing.T) {
	for _, tc := range []struct {
		name, env, val string
		args           []string
		want           string
	}{
		{"bad env duration", "SLIPWAY_QUEUE_TIMEOUT", "soon", nil, "SLIPWAY_QUEUE_TIMEOUT"},
		{"bad env format", "SLIPWAY_LOG_FORMAT", "xml", nil, "log_format"},
		{"negative concurrency", "SLIPWAY_MAX_CONCURRENCY", "-1", nil, "max_concurrency"},
		{"negative threads", "SLIPWAY_THREADS", "-1", nil, "threads -1: must not be negative"},
		{"duplicate names", "", "", []string{"x/m.pkl", "y/m.pkl"}, "given twice"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.env != "" {
				t.Setenv(tc.env, tc.val)
			}
			_, err := serveConfig(pflag.NewFlagSet("x", pflag.ContinueOnError), "", tc.args)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error = %v, want one mentioning %q", err, tc.want)
			}
		})
	}
	if _, err := serveConfig(pflag.NewFlagSet("x", pflag.ContinueOnError), filepath.Join(t.TempDir(), "missing.yaml"), nil); err == nil {
		t.Error("missing config file: want an error")
	}
}

// startServe runs `slipway serve ARGS --addr A` in-process until the test
// ends and waits until it answers; it returns A and the server's log.
func startServe(t *testing.T, args ...string) (string, *lockedBuffer) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	logs := &lockedBuffer{}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		root := newRoot()
		root.SetArgs(append(append([]string{"serve"}, args...), "--addr", addr))
		root.SetErr(logs)
		done <- root.ExecuteContext(ctx)
	}()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
	})
	for start := time.Now(); ; time.Sleep(20 * time.Millisecond) {
		resp, err := http.Get("http://" + addr + "/v2/health/live")
		if err == nil {
			resp.Body.Close()
			return addr, logs
		}
		if time.Since(start) > 10*time.Second {
			t.Fatalf("slipway serve did not come up: %v\n%s", err, logs)
		}
	}
}

// lockedBuffer collects a server's log, which its batching writer may still
// flush from a timer after the command returned.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestServeExample starts `slipway serve` with no model and asks the bundled
// example for a prediction over HTTP, as the README's curl line does.
func TestServeExample(t *testing.T) {
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	addr, _ := startServe(t, "--log-level", "warn")
	resp, err := http.Post("http://"+addr+"/predict", "application/json", strings.NewReader(`{"instances": [[5.1, 3.5, 1.4, 0.2]]}`))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var got struct{ Prediction []string }
	if err := json.NewDecoder(resp.Body).Decode(&got); err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != 200 || len(got.Prediction) != 1 || got.Prediction[0] != "setosa" {
		t.Errorf("status %d, prediction %v; want 200 [setosa]", resp.StatusCode, got.Prediction)
	}
}
