package main

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestHandler(t *testing.T) {
	srv := httptest.NewServer(handler())
	defer srv.Close()
	tests := []struct {
		name, method, path, body string
		wantCode                 int
		wantBody                 string
	}{
		{"row", "POST", "/models/m/predict", "[[1, 2.5, -3e2]]", 200, `{"prediction":[0]}`},
		{"any path", "POST", "/predict", "[[0]]", 200, `{"prediction":[0]}`},
		{"not rows", "POST", "/predict", `{"inputs": 1}`, 400, `"error"`},
		{"truncated", "POST", "/predict", "[[1, 2", 400, `"error"`},
		{"too big", "POST", "/predict", "[[" + strings.Repeat("1,", maxBody) + "1]]", 400, `"error"`},
		{"health", "GET", "/health", "", 200, ""},
		{"get predict", "GET", "/predict", "", 405, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, err := http.NewRequest(tt.method, srv.URL+tt.path, strings.NewReader(tt.body))
			if err != nil {
				t.Fatal(err)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			b, err := io.ReadAll(resp.Body)
			if err != nil {
				t.Fatal(err)
			}
			if resp.StatusCode != tt.wantCode {
				t.Errorf("status %d, want %d (body %q)", resp.StatusCode, tt.wantCode, b)
			}
			if !strings.Contains(string(b), tt.wantBody) {
				t.Errorf("body %q, want it to contain %q", b, tt.wantBody)
			}
		})
	}
}
