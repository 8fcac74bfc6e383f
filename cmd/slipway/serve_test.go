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

// TestServeExample starts `slipway serve` with no model and asks the bundled
// example for a prediction over HTTP, as the README's curl line does.
func TestServeExample(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		root := newRoot()
		root.SetArgs([]string{"serve", "--addr", addr, "--log-level", "warn"})
		root.SetErr(&bytes.Buffer{})
		done <- root.ExecuteContext(ctx)
	}()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
	}()
	var resp *http.Response
	for i := 0; i < 100; i++ {
		resp, err = http.Post("http://"+addr+"/predict", "application/json", strings.NewReader(`{"instances": [[5.1, 3.5, 1.4, 0.2]]}`))
		if err == nil {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
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
