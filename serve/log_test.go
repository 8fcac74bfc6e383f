package serve

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/slipwayml/slipway/runtime"
)

func TestAccessLog(t *testing.T) {
	var buf bytes.Buffer
	cfg := Default()
	cfg.LogFormat = "json"
	logger, err := cfg.Logger(&buf)
	if err != nil {
		t.Fatal(err)
	}
	rt := runtime.New(runtime.Options{})
	if err := rt.Add("sum", "", sumModel{}); err != nil {
		t.Fatal(err)
	}
	s, err := New(cfg, rt, logger)
	if err != nil {
		t.Fatal(err)
	}
	req := httptest.NewRequest(http.MethodPost, "/models/sum/predict", strings.NewReader(`[[1,2]]`))
	req.Header.Set("X-Request-Id", "req-7")
	w := httptest.NewRecorder()
	s.Handler().ServeHTTP(w, req)
	var line struct {
		Msg, ID, Method, Path, Protocol, Model, Version string
		Status                                          int
	}
	if err := json.Unmarshal(buf.Bytes(), &line); err != nil {
		t.Fatalf("access log %q: %v", buf.String(), err)
	}
	want := struct {
		Msg, ID, Method, Path, Protocol, Model, Version string
		Status                                          int
	}{"request", "req-7", "POST", "/models/sum/predict", "plain", "sum", "1", 200}
	if line != want {
		t.Errorf("access log %+v, want %+v", line, want)
	}
}

func TestRun(t *testing.T) {
	rt := runtime.New(runtime.Options{})
	cfg := Default()
	cfg.Addr = "127.0.0.1:0"
	s, err := New(cfg, rt, nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if err := s.Run(ctx); err != nil {
		t.Errorf("Run: %v", err)
	}

	cfg.Addr = "256.0.0.1:80"
	if s, err = New(cfg, rt, nil); err != nil {
		t.Fatal(err)
	}
	if err := s.Run(context.Background()); err == nil || !strings.Contains(err.Error(), "256.0.0.1") {
		t.Errorf("Run on a bad address: %v", err)
	}
	cfg.JSONDepth = 0
	if _, err := New(cfg, rt, nil); err == nil || !strings.Contains(err.Error(), "json_depth 0") {
		t.Errorf("New with an invalid config: %v", err)
	}
}
