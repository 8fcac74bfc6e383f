package serve

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/slipwayml/slipway/bundle"
	"github.com/slipwayml/slipway/example"
	"github.com/slipwayml/slipway/registry"
	"github.com/slipwayml/slipway/runtime"
)

// managed is a server answering the management API from a real SQLite
// registry, with one token per scope.
type managed struct {
	url    string
	reg    *registry.Registry
	rt     *runtime.Runtime
	tokens map[registry.Scope]string
	log    *bytes.Buffer
}

func startManaged(t *testing.T, cfg Config) *managed {
	t.Helper()
	cfg.Registry = t.TempDir()
	reg, err := registry.Open(t.Context(), cfg.RegistryConfig())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { reg.Close() })
	reg.Replay = PredictOffline
	m := &managed{reg: reg, rt: runtime.New(runtime.Options{}), tokens: map[registry.Scope]string{}, log: &bytes.Buffer{}}
	for _, sc := range []registry.Scope{registry.ScopeRead, registry.ScopeDeploy, registry.ScopeAdmin} {
		if m.tokens[sc], err = reg.Store.CreateToken(t.Context(), registry.Token{Name: string(sc) + "-bot", Scope: sc, Actor: "test"}); err != nil {
			t.Fatal(err)
		}
	}
	s, err := New(cfg, m.rt, slog.New(slog.NewTextHandler(m.log, nil)))
	if err != nil {
		t.Fatal(err)
	}
	s.Manage(reg)
	hs := httptest.NewServer(s.Handler())
	t.Cleanup(hs.Close)
	m.url = hs.URL
	return m
}

// do sends a request with token (none when empty) and decodes the JSON
// answer into out, if given.
func (m *managed) do(t *testing.T, method, path, token string, body []byte, out any) *http.Response {
	t.Helper()
	req, err := http.NewRequest(method, m.url+path, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if out == nil {
		var e struct{ Error string }
		out = &e
	}
	if err := json.Unmarshal(b, out); err != nil {
		t.Fatalf("%s %s: answer %q is not JSON: %v", method, path, b, err)
	}
	return resp
}

// Every management route answers 401 without a valid token and 403 when
// the token's scope is too narrow.
func TestAPIScopes(t *testing.T) {
	m := startManaged(t, Default())
	if _, err := m.reg.Push(t.Context(), packaged(t), registry.PushOptions{Alias: "production", Actor: "test"}); err != nil {
		t.Fatal(err)
	}
	read, deploy := m.tokens[registry.ScopeRead], m.tokens[registry.ScopeDeploy]
	tests := []struct {
		method, path string
		body         []byte
		need         string // "read" or "deploy"
		ok           int
	}{
		{"GET", "/api/v1/models", nil, "read", 200},
		{"GET", "/api/v1/models/iris/versions", nil, "read", 200},
		{"GET", "/api/v1/models/iris/aliases/production", nil, "read", 200},
		{"GET", "/api/v1/log", nil, "read", 200},
		{"PUT", "/api/v1/models/iris/aliases/production", []byte(`{"version":1}`), "deploy", 200},
		{"POST", "/api/v1/models/iris/versions", example.Model, "deploy", 201},
	}
	for _, tt := range tests {
		for _, tc := range []struct {
			who, token string
			want       int
		}{
			{"no token", "", 401},
			{"unknown token", "slw_" + strings.Repeat("A", 43), 401},
			{"malformed token", "abc", 401},
			{"read", read, map[string]int{"read": tt.ok, "deploy": 403}[tt.need]},
			{"deploy", deploy, tt.ok},
			{"admin", m.tokens[registry.ScopeAdmin], tt.ok},
		} {
			var e struct{ Error string }
			out := any(&e)
			if tc.want < 400 {
				out = new(any)
			}
			resp := m.do(t, tt.method, tt.path, tc.token, tt.body, out)
			if resp.StatusCode != tc.want {
				t.Errorf("%s %s with %s: status %d, want %d", tt.method, tt.path, tc.who, resp.StatusCode, tc.want)
			}
			if tc.want >= 400 && e.Error == "" {
				t.Errorf("%s %s with %s: no JSON error", tt.method, tt.path, tc.who)
			}
			if tc.want == 401 && resp.Header.Get("WWW-Authenticate") == "" {
				t.Errorf("%s %s with %s: 401 without WWW-Authenticate", tt.method, tt.path, tc.who)
			}
		}
	}
	for _, secret := range m.tokens {
		if strings.Contains(m.log.String(), secret) {
			t.Fatal("a token appears in the server log")
		}
	}
}

// packaged writes the example model as a bundle with its example request,
// and returns its path.
func packaged(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	model, err := example.Write(dir)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "iris.slip")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	_, err = bundle.Create(t.Context(), f, model, bundle.Options{Name: "iris", Replay: PredictOffline,
		Examples: []bundle.Example{{Request: example.Request}}})
	if err != nil {
		t.Fatal(err)
	}
	return path
}

// Changes through the API land in the registry and its audit log under
// the token's name.
func TestAPIChanges(t *testing.T) {
	m := startManaged(t, Default())
	deploy := m.tokens[registry.ScopeDeploy]
	slip, err := os.ReadFile(packaged(t))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, method, path string
		body               []byte
		status             int
		want               string // in the answer
	}{
		{"push a model file", "POST", "/api/v1/models/iris/versions", example.Model, 201, `"version":1`},
		{"push a bundle", "POST", "/api/v1/models/iris/versions?alias=staging", slip, 201, `"version":2`},
		{"push garbage", "POST", "/api/v1/models/iris/versions", []byte("not a model"), 422, "not a bundle, and not a model"},
		{"push nothing", "POST", "/api/v1/models/iris/versions", nil, 400, "empty body"},
		{"move alias", "PUT", "/api/v1/models/iris/aliases/production", []byte(`{"version":1}`), 200, `"actor":"deploy-bot"`},
		{"alias to a missing version", "PUT", "/api/v1/models/iris/aliases/production", []byte(`{"version":9}`), 404, "not found"},
		{"alias without version", "PUT", "/api/v1/models/iris/aliases/production", []byte(`{}`), 400, `want {\"version\": N}`},
		{"numeric alias", "PUT", "/api/v1/models/iris/aliases/7", []byte(`{"version":1}`), 400, "invalid"},
		{"read alias", "GET", "/api/v1/models/iris/aliases/staging", nil, 200, `"version":2`},
		{"unknown alias", "GET", "/api/v1/models/iris/aliases/canary", nil, 404, "no alias canary"},
		{"unknown model", "GET", "/api/v1/models/wine/versions", nil, 404, "not found"},
		{"models", "GET", "/api/v1/models", nil, 200, `"aliases":{"production":1,"staging":2}`},
		{"bad log query", "GET", "/api/v1/log?after=x", nil, 400, "after"},
		// Events 1-3 are the tokens' creation.
		{"log", "GET", "/api/v1/log?model=iris&after=6", nil, 200, `{"events":[{"id":7,`},
		{"log limit", "GET", "/api/v1/log?limit=1", nil, 200, `"detail":"created token read-bot with scope read"}]}`},
	}
	for _, tt := range tests {
		var raw json.RawMessage
		resp := m.do(t, tt.method, tt.path, deploy, tt.body, &raw)
		if resp.StatusCode != tt.status || !strings.Contains(string(raw), tt.want) {
			t.Errorf("%s: %d %s; want %d containing %s", tt.name, resp.StatusCode, raw, tt.status, tt.want)
		}
	}
	es, err := m.reg.Store.Log(t.Context(), registry.LogQuery{Model: "iris"})
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, e := range es {
		if e.Actor != "deploy-bot" {
			t.Errorf("event %+v: actor %q, want the token's name", e, e.Actor)
		}
		actions = append(actions, e.Action)
	}
	if got := strings.Join(actions, " "); got != "push push alias alias" {
		t.Errorf("audit log actions %q, want push push alias alias", got)
	}
}

// --auth predict puts predictions behind a read token; health stays open.
func TestAuthPredict(t *testing.T) {
	cfg := Default()
	cfg.Auth = AuthPredict
	m := startManaged(t, cfg)
	if err := m.rt.Load(t.Context(), "iris", "", writeExample(t)); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		method, path string
		token        string
		status       int
	}{
		{"POST", "/v2/models/iris/infer", "", 401},
		{"POST", "/v1/models/iris:predict", "", 401},
		{"POST", "/invocations", "", 401},
		{"POST", "/predict", "", 401},
		{"POST", "/predict", m.tokens[registry.ScopeRead], 200},
		{"POST", "/v1/models/iris:predict", m.tokens[registry.ScopeRead], 200},
		{"GET", "/v2/health/ready", "", 200},
		{"GET", "/v2/models/iris", "", 200},
	}
	for _, tt := range tests {
		resp := m.do(t, tt.method, tt.path, tt.token, example.Request, new(any))
		if resp.StatusCode != tt.status {
			t.Errorf("%s %s with token %v: %d, want %d", tt.method, tt.path, tt.token != "", resp.StatusCode, tt.status)
		}
	}
}

func writeExample(t *testing.T) string {
	t.Helper()
	p, err := example.Write(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	return p
}
