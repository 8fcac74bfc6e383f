package main

import (
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestTFVersionsSetting(t *testing.T) {
	for _, tc := range []struct {
		name, flag, env string
		want            string
		err             string
	}{
		{name: "default", want: "latest"},
		{name: "flag", flag: "all", want: "all"},
		{name: "env", env: "all", want: "all"},
		{name: "flag over env", flag: "latest", env: "all", want: "latest"},
		{name: "bad env", env: "some", err: `tf_versions "some": want latest or all`},
		{name: "bad flag", flag: "2", err: `tf_versions "2": want latest or all`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.env != "" {
				t.Setenv("SLIPWAY_TF_VERSIONS", tc.env)
			}
			cmd := newServe()
			if tc.flag != "" {
				if err := cmd.ParseFlags([]string{"--tf-versions", tc.flag}); err != nil {
					t.Fatal(err)
				}
			}
			cfg, err := serveConfig(cmd.Flags(), "", nil)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Errorf("error %v, want %q", err, tc.err)
				}
				return
			}
			if err != nil || cfg.TFVersions != tc.want {
				t.Errorf("tf versions = %q, %v; want %q", cfg.TFVersions, err, tc.want)
			}
		})
	}
}

// TestServeTFVersionFolders serves TF Serving's two-version test model
// from its base folder, as `tensorflow_model_server --model_base_path`
// would with the "all" version policy.
func TestServeTFVersionFolders(t *testing.T) {
	corpus := os.Getenv("SLIPWAY_CORPUS")
	if corpus == "" {
		t.Skip("SLIPWAY_CORPUS is not set")
	}
	base := filepath.Join(corpus, "savedmodel", "tfserving__saved_model_half_plus_two_2_versions")
	addr, _ := startServe(t, "half_plus_two="+base, "--tf-versions", "all", "--log-level", "warn")
	resp, err := http.Get("http://" + addr + "/v1/models/half_plus_two")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"model_version_status":[{"version":"123","state":"AVAILABLE","status":{"error_code":"OK","error_message":""}},` +
		`{"version":"124","state":"AVAILABLE","status":{"error_code":"OK","error_message":""}}]}`
	if resp.StatusCode != http.StatusOK || strings.TrimSpace(string(body)) != want {
		t.Errorf("status %d %s, want 200 %s", resp.StatusCode, body, want)
	}
}
