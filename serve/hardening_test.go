package serve

import (
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/slipwayml/slipway/model"
	"github.com/slipwayml/slipway/runtime"
)

func TestBodyLimit(t *testing.T) {
	cfg := Default()
	cfg.BodyLimit = 64
	ts := start(t, &cfg, map[string]model.Model{"sum": sumModel{}})
	big := "[[" + strings.Repeat("1,", 40) + "1]]"
	ts.check(t, []call{
		{name: "under", path: "/predict", body: `[[1,2]]`, status: 200, want: `{"prediction":[3]}`},
		{name: "over", path: "/predict", body: big, status: 413, want: "request body exceeds the limit of 64 bytes"},
	})
	// Without Content-Length the limit holds while reading.
	req, _ := http.NewRequest(http.MethodPost, ts.url+"/predict", io.MultiReader(strings.NewReader(big)))
	req.ContentLength = -1
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("chunked body over the limit: status %d, want 413", resp.StatusCode)
	}
}

func TestJSONDepthLimit(t *testing.T) {
	cfg := Default()
	cfg.JSONDepth = 100
	ts := start(t, &cfg, map[string]model.Model{"echo": identity{}})
	nest := func(n int) string {
		return `{"inputs":[{"name":"x","shape":[1],"datatype":"FP64","data":` + strings.Repeat("[", n) + "1" + strings.Repeat("]", n) + `}]}`
	}
	ts.check(t, []call{
		// The body's own object and list take three levels.
		{name: "50 levels", path: "/v2/models/echo/infer", body: nest(50), status: 200},
		{name: "120 levels", path: "/v2/models/echo/infer", body: nest(120), status: 400, want: "invalid JSON"},
		{name: "250000 levels", path: "/v2/models/echo/infer", body: nest(250000), status: 400, want: "invalid JSON"},
	})
}

func TestRequestID(t *testing.T) {
	ts := start(t, nil, map[string]model.Model{"sum": sumModel{}})
	resp, _ := ts.do(t, call{method: "GET", path: "/v2/health/live", header: map[string]string{"X-Request-Id": "abc-123"}})
	if got := resp.Header.Get("X-Request-Id"); got != "abc-123" {
		t.Errorf("echoed X-Request-Id %q, want abc-123", got)
	}
	r1, _ := ts.do(t, call{method: "GET", path: "/v2/health/live"})
	r2, _ := ts.do(t, call{method: "GET", path: "/nope"})
	id1, id2 := r1.Header.Get("X-Request-Id"), r2.Header.Get("X-Request-Id")
	if id1 == "" || id1 == id2 {
		t.Errorf("generated ids %q and %q: want distinct, non-empty", id1, id2)
	}
}

func TestPanicIsCounted500(t *testing.T) {
	ts := start(t, nil, map[string]model.Model{"bad": panicModel{}, "echo": identity{}})
	body := `{"instances":[1]}`
	ts.check(t, []call{
		{name: "panic", path: "/v1/models/bad:predict", body: body, status: 500, want: "model bad version 1: model panicked: boom"},
		{name: "again", path: "/v1/models/bad:predict", body: body, status: 500, want: "model panicked"},
		{name: "server stays up", path: "/v1/models/echo:predict", body: body, status: 200, want: `{"predictions":[1]}`},
	})
	metrics := scrape(t, ts)
	for _, want := range []string{
		`slipway_model_panics_total{model="bad",version="1"} 2`,
		`slipway_requests_total{code="500",model="bad",protocol="tfserving",version="1"} 2`,
	} {
		if !strings.Contains(metrics, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
}

func TestMetrics(t *testing.T) {
	ts := start(t, nil, map[string]model.Model{"sum": sumModel{}})
	ts.check(t, []call{
		{name: "ok", path: "/v2/models/sum/infer", body: `{"inputs":[{"name":"x","shape":[1,1],"datatype":"FP64","data":[1]}]}`, status: 200},
		{name: "bad", path: "/models/sum/predict", body: `[[`, status: 400},
		{name: "unknown", path: "/models/other/predict", body: `[[1]]`, status: 404},
	})
	metrics := scrape(t, ts)
	for _, want := range []string{
		`slipway_requests_total{code="200",model="sum",protocol="v2",version="1"} 1`,
		`slipway_requests_total{code="400",model="sum",protocol="plain",version="1"} 1`,
		`slipway_requests_total{code="404",model="",protocol="plain",version=""} 1`,
		`slipway_request_duration_seconds_count{model="sum",protocol="v2",version="1"} 1`,
		`slipway_inference_duration_seconds_count{model="sum",version="1"} 1`,
		`slipway_model_loaded{model="sum",version="1"} 1`,
		`slipway_requests_in_flight 1`, // the scrape itself
		`go_goroutines `,
	} {
		if !strings.Contains(metrics, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
}

func scrape(t *testing.T, ts *testServer) string {
	t.Helper()
	resp, body := ts.do(t, call{method: "GET", path: "/metrics"})
	if resp.StatusCode != 200 {
		t.Fatalf("GET /metrics: %d", resp.StatusCode)
	}
	return string(body)
}

func TestSaturation(t *testing.T) {
	cfg := Default()
	cfg.MaxConcurrency = 1
	cfg.QueueTimeout = 50 * time.Millisecond
	slow := slowModel{started: make(chan struct{}, 1), release: make(chan struct{})}
	ts := start(t, &cfg, map[string]model.Model{"slow": slow})
	first := make(chan int)
	go func() {
		resp, err := http.Post(ts.url+"/predict", jsonCT, strings.NewReader(`[1]`))
		if err != nil {
			first <- 0
			return
		}
		resp.Body.Close()
		first <- resp.StatusCode
	}()
	<-slow.started
	ts.check(t, []call{{name: "saturated", path: "/predict", body: `[1]`, status: 503, want: "model slow version 1: model is saturated"}})
	close(slow.release)
	if code := <-first; code != 200 {
		t.Errorf("first request: status %d, want 200", code)
	}
	ts.check(t, []call{{name: "free again", path: "/predict", body: `[1]`, status: 200, want: `{"prediction":[1]}`}})
}

func TestGracefulShutdown(t *testing.T) {
	slow := slowModel{started: make(chan struct{}, 1), release: make(chan struct{})}
	ts := start(t, nil, map[string]model.Model{"slow": slow})
	inflight := make(chan string)
	go func() {
		resp, err := http.Post(ts.url+"/predict", jsonCT, strings.NewReader(`[7]`))
		if err != nil {
			inflight <- err.Error()
			return
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		inflight <- fmt.Sprint(resp.StatusCode, " ", strings.TrimSpace(string(b)))
	}()
	<-slow.started
	ts.cancel()
	// Shutdown closes the listener at once but waits for the request.
	deadline := time.Now().Add(2 * time.Second)
	for {
		resp, err := http.Get(ts.url + "/v2/health/live")
		if err != nil {
			break
		}
		resp.Body.Close()
		if time.Now().After(deadline) {
			t.Fatal("server still accepts connections after shutdown started")
		}
		time.Sleep(10 * time.Millisecond)
	}
	select {
	case <-ts.done:
		t.Fatal("Serve returned before the in-flight request finished")
	case <-time.After(50 * time.Millisecond):
	}
	close(slow.release)
	if got := <-inflight; got != `200 {"prediction":[7]}` {
		t.Errorf("in-flight request got %q, want 200 with its prediction", got)
	}
	err := <-ts.done
	ts.done <- err // for the cleanup
}

func TestBinaryExtension(t *testing.T) {
	ts := start(t, nil, map[string]model.Model{"sum": sumModel{}, "echo": identity{}})
	raw := make([]byte, 0, 32)
	for _, f := range []float64{1, 2, math.Inf(1), 4} {
		raw = binary.LittleEndian.AppendUint64(raw, math.Float64bits(f))
	}
	header := `{"inputs":[{"name":"x","shape":[4],"datatype":"FP64","parameters":{"binary_data_size":32}}],"outputs":[{"name":"y","parameters":{"binary_data":true}}]}`
	req, _ := http.NewRequest(http.MethodPost, ts.url+"/v2/models/echo/infer", strings.NewReader(header+string(raw)))
	req.Header.Set(headerLength, strconv.Itoa(len(header)))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("status %d: %s", resp.StatusCode, body)
	}
	n, err := strconv.Atoi(resp.Header.Get(headerLength))
	if err != nil || n > len(body) {
		t.Fatalf("response %s = %q for a %d-byte body", headerLength, resp.Header.Get(headerLength), len(body))
	}
	wantJSON := `{"model_name":"echo","model_version":"1","outputs":[{"name":"y","datatype":"FP64","shape":[4],"parameters":{"binary_data_size":32}}]}`
	if !sameJSON(t, body[:n], []byte(wantJSON)) {
		t.Errorf("JSON part %s, want %s", body[:n], wantJSON)
	}
	if string(body[n:]) != string(raw) {
		t.Errorf("binary part %x, want %x", body[n:], raw)
	}

	ts.check(t, []call{
		{name: "short binary", path: "/v2/models/echo/infer", header: map[string]string{headerLength: strconv.Itoa(len(header))},
			body: header + string(raw[:16]), status: 400, want: "binary_data_size 32 but only 16 bytes"},
		{name: "unclaimed binary", path: "/v2/models/sum/infer", header: map[string]string{headerLength: "90"},
			body: `{"inputs":[{"name":"x","shape":[1,1],"datatype":"FP64","data":[1]}]}                      ` + "abc", status: 400, want: "3 bytes of binary data"},
		{name: "all outputs binary", path: "/v2/models/sum/infer",
			body: `{"inputs":[{"name":"x","shape":[1,1],"datatype":"FP64","data":[1]}],"parameters":{"binary_data_output":true}}`, status: 200},
	})
}

// TestReadyDuringShutdown checks that readiness fails once shutdown starts.
func TestReadyDuringShutdown(t *testing.T) {
	rt := runtime.New(runtime.Options{})
	if err := rt.Add("echo", "", identity{}); err != nil {
		t.Fatal(err)
	}
	s, err := New(Default(), rt, nil)
	if err != nil {
		t.Fatal(err)
	}
	s.draining.Store(true)
	for _, path := range []string{"/v2/health/ready", "/ping", "/health", "/v2/models/echo/ready"} {
		w := httptest.NewRecorder()
		s.Handler().ServeHTTP(w, httptest.NewRequest(http.MethodGet, path, nil))
		if w.Code != http.StatusServiceUnavailable {
			t.Errorf("GET %s while draining: %d, want 503", path, w.Code)
		}
	}
}
