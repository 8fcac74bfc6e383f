package serve

import (
	"context"
	"io"
	"math"
	"net"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/slipwayml/slipway/internal/jsonvalue"
	"github.com/slipwayml/slipway/model"
	"github.com/slipwayml/slipway/monitor"
	"github.com/slipwayml/slipway/runtime"
)

// testServer is a real Server listening on loopback.
type testServer struct {
	url     string
	rt      *runtime.Runtime
	metrics *monitor.Metrics
	cancel  context.CancelFunc
	done    chan error
}

// start serves models (name → model, version "1") on 127.0.0.1:0 until the
// test ends. cfg nil means Default.
func start(t testing.TB, cfg *Config, models map[string]model.Model) *testServer {
	t.Helper()
	c := Default()
	if cfg != nil {
		c = *cfg
	}
	metrics := monitor.New()
	rt := runtime.New(c.RuntimeOptions(metrics))
	for name, m := range models {
		if err := rt.Add(name, "", m); err != nil {
			t.Fatal(err)
		}
	}
	s, err := New(c, rt, nil)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	ts := &testServer{url: "http://" + ln.Addr().String(), rt: rt, metrics: metrics, cancel: cancel, done: make(chan error, 1)}
	go func() { ts.done <- s.Serve(ctx, ln) }()
	t.Cleanup(func() {
		cancel()
		if err := <-ts.done; err != nil {
			t.Errorf("Serve: %v", err)
		}
	})
	return ts
}

// call is one HTTP request and what it must get back.
type call struct {
	name   string
	method string
	path   string
	header map[string]string
	body   string
	status int
	// want is the exact JSON answer (numbers compared by value), or for
	// errors a substring of the "error" field.
	want string
}

func (ts *testServer) do(t *testing.T, c call) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(cmpOr(c.method, http.MethodPost), ts.url+c.path, strings.NewReader(c.body))
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range c.header {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, body
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// check runs calls as subtests, comparing successful answers as JSON.
func (ts *testServer) check(t *testing.T, calls []call) {
	t.Helper()
	ts.checkWith(t, calls, sameJSON)
}

// checkWith runs calls as subtests, comparing successful answers with same.
func (ts *testServer) checkWith(t *testing.T, calls []call, same func(t *testing.T, got, want []byte) bool) {
	t.Helper()
	for _, c := range calls {
		t.Run(c.name, func(t *testing.T) {
			resp, body := ts.do(t, c)
			if resp.StatusCode != c.status {
				t.Fatalf("%s %s: status %d, want %d; body %s", c.method, c.path, resp.StatusCode, c.status, body)
			}
			if c.want == "" {
				return
			}
			if c.status >= 400 {
				checkError(t, body, c.want)
				return
			}
			if !same(t, body, []byte(c.want)) {
				t.Errorf("%s %s:\n got %s\nwant %s", c.method, c.path, body, c.want)
			}
		})
	}
}

// checkError asserts body is {"error": "..."} containing want.
func checkError(t *testing.T, body []byte, want string) {
	t.Helper()
	v, err := jsonvalue.Parse(body, jsonvalue.Limits{})
	if err != nil {
		t.Fatalf("error body %q is not JSON: %v", body, err)
	}
	obj, ok := v.(*jsonvalue.Object)
	if !ok || len(obj.Keys) != 1 {
		t.Fatalf("error body %s: want {\"error\": ...}", body)
	}
	msg, _ := obj.Get("error")
	if s, _ := msg.(string); !strings.Contains(s, want) {
		t.Errorf("error %q does not contain %q", s, want)
	}
}

// sameJSON compares documents with numbers by value (NaN equal to NaN).
func sameJSON(t *testing.T, got, want []byte) bool {
	t.Helper()
	g, err := jsonvalue.Parse(got, jsonvalue.Limits{})
	if err != nil {
		t.Fatalf("answer %q is not JSON: %v", got, err)
	}
	w, err := jsonvalue.Parse(want, jsonvalue.Limits{})
	if err != nil {
		t.Fatalf("test expectation %q is not JSON: %v", want, err)
	}
	return reflect.DeepEqual(canonical(g), canonical(w))
}

// canonical turns numbers into float64 (NaN into a marker string) so that
// DeepEqual compares values.
func canonical(v any) any {
	switch v := v.(type) {
	case jsonvalue.Number:
		f, err := strconv.ParseFloat(strings.Replace(string(v), "Infinity", "Inf", 1), 64)
		if err != nil {
			return "bad number " + string(v)
		}
		if math.IsNaN(f) {
			return "NaN"
		}
		return f
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = canonical(e)
		}
		return out
	case *jsonvalue.Object:
		out := make(map[string]any, len(v.Keys))
		for i, k := range v.Keys {
			out[k] = canonical(v.Values[i])
		}
		return out
	}
	return v
}
