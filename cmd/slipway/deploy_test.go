package main

import (
	"bytes"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/slipwayml/slipway/example"
)

func TestServeDeployPrecedence(t *testing.T) {
	cfgPath := filepath.Join(t.TempDir(), "slipway.yaml")
	os.WriteFile(cfgPath, []byte("registry: /r\ndeploy: [a@x]\nversions: latest:2\npoll: 5s\n"), 0o644)
	tests := []struct {
		name  string
		env   string
		flags []string
		want  []string
	}{
		{"file", "", nil, []string{"a@x"}},
		{"environment over file", "b@y,c@z", nil, []string{"b@y", "c@z"}},
		{"flags over environment", "b@y", []string{"--deploy", "d@w", "--deploy", "*"}, []string{"d@w", "*"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.env != "" {
				t.Setenv("SLIPWAY_DEPLOY", tt.env)
			}
			t.Setenv("SLIPWAY_POLL", "250ms")
			cmd := newServe()
			if err := cmd.ParseFlags(append(tt.flags, "--auth", "predict")); err != nil {
				t.Fatal(err)
			}
			cfg, err := serveConfig(cmd.Flags(), cfgPath, nil)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(cfg.Deploy, tt.want) || cfg.Poll != 250*time.Millisecond || cfg.Versions != "latest:2" || cfg.Auth != "predict" {
				t.Errorf("deploy %q, poll %v, versions %q, auth %q; want %q, 250ms, latest:2, predict",
					cfg.Deploy, cfg.Poll, cfg.Versions, cfg.Auth, tt.want)
			}
		})
	}
}

// TestServeDeploy runs the whole loop from the command line: push, create a
// token, serve an alias with predictions behind tokens, move the alias
// with `slipway alias`, and see the server follow.
func TestServeDeploy(t *testing.T) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			reg := b.args(t)
			model, examples := irisFiles(t, "")
			for range 2 {
				if out, err := run(t, "", append([]string{"push", model, "--name", "iris", "--examples", examples}, reg...)...); err != nil {
					t.Fatalf("push: %v\n%s", err, out)
				}
			}
			if out, err := run(t, "", append([]string{"alias", "iris", "production", "1"}, reg...)...); err != nil {
				t.Fatalf("alias: %v\n%s", err, out)
			}
			var tok struct{ Name, Scope, Token string }
			runJSON(t, &tok, append([]string{"token", "create", "reader", "--scope", "read"}, reg...)...)
			if tok.Name != "reader" || tok.Scope != "read" || !strings.HasPrefix(tok.Token, "slw_") {
				t.Fatalf("token create printed %+v", tok)
			}

			addr, logs := startServe(t, append([]string{"--deploy", "iris@production", "--poll", "20ms", "--auth", "predict"}, reg...)...)
			t.Cleanup(func() {
				if strings.Contains(logs.String(), tok.Token) {
					t.Error("the token appears in the server log")
				}
			})
			if v := inferVersion(t, addr, ""); v != "401" {
				t.Errorf("prediction without a token: %s, want 401", v)
			}
			if v := inferVersion(t, addr, tok.Token); v != "1" {
				t.Fatalf("production answered from version %s, want 1", v)
			}
			if out, err := run(t, "", append([]string{"alias", "iris", "production", "2"}, reg...)...); err != nil {
				t.Fatalf("alias: %v\n%s", err, out)
			}
			for start := time.Now(); inferVersion(t, addr, tok.Token) != "2"; time.Sleep(10 * time.Millisecond) {
				if time.Since(start) > 5*time.Second {
					t.Fatal("the server still answers from version 1 5s after the alias moved")
				}
			}
		})
	}
}

// inferVersion asks the server for a V2 prediction and returns the version
// that answered, or the status code of a failure. It waits for the server
// to come up.
func inferVersion(t *testing.T, addr, token string) string {
	t.Helper()
	var rows struct{ Instances [][]float64 }
	if err := json.Unmarshal(example.Request, &rows); err != nil {
		t.Fatal(err)
	}
	req, _ := json.Marshal(map[string]any{"inputs": []map[string]any{
		{"name": "input", "shape": []int{1, 4}, "datatype": "FP64", "data": rows.Instances[0]}}})
	for i := 0; ; i++ {
		r, _ := http.NewRequest("POST", "http://"+addr+"/v2/models/iris/infer", bytes.NewReader(req))
		if token != "" {
			r.Header.Set("Authorization", "Bearer "+token)
		}
		resp, err := http.DefaultClient.Do(r)
		if err != nil {
			if i == 100 {
				t.Fatal(err)
			}
			time.Sleep(50 * time.Millisecond)
			continue
		}
		defer resp.Body.Close()
		var got struct {
			ModelVersion string `json:"model_version"`
		}
		json.NewDecoder(resp.Body).Decode(&got)
		if resp.StatusCode != http.StatusOK {
			return strconv.Itoa(resp.StatusCode)
		}
		return got.ModelVersion
	}
}
