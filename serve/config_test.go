package serve

import (
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestLoadConfig(t *testing.T) {
	good := Config{
		Addr:           "127.0.0.1:9000",
		Models:         map[string]string{"iris": "models/iris.pkl", "churn": "models/churn.joblib"},
		LogFormat:      "json",
		LogLevel:       "debug",
		BodyLimit:      1 << 20,
		JSONDepth:      32,
		ReadTimeout:    5 * time.Second,
		WriteTimeout:   10 * time.Second,
		IdleTimeout:    time.Minute,
		MaxConcurrency: 8,
		QueueTimeout:   250 * time.Millisecond,
		ShutdownGrace:  20 * time.Second,
		TFVersions:     "all",
	}
	minimal := Default()
	minimal.Models = map[string]string{"iris": "iris.pkl"}
	for _, tc := range []struct {
		file string
		want Config
	}{
		{"good.yaml", good},
		{"minimal.yaml", minimal},
	} {
		t.Run(tc.file, func(t *testing.T) {
			got, err := LoadConfig(filepath.Join("..", "testdata", "serve", tc.file))
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %+v\nwant %+v", got, tc.want)
			}
		})
	}
}

func TestLoadConfigErrors(t *testing.T) {
	for _, tc := range []struct {
		file string
		want []string
	}{
		{"bad_unknown_key.yaml", []string{"field adress not found"}},
		{"bad_duration.yaml", []string{"line 1", "soon", "time.Duration"}},
		{"bad_values.yaml", []string{
			`addr "9000"`, `log_format "xml": want text or json`, `level "loud"`,
			"body_limit 0: must be positive", "max_concurrency -1", "queue_timeout -1s: must not be negative",
			`tf_versions "some": want latest or all`,
		}},
		{"bad_model_name.yaml", []string{`model name "a/b"`, "model c: empty path"}},
		{"missing.yaml", []string{"read config", "no such file"}},
	} {
		t.Run(tc.file, func(t *testing.T) {
			_, err := LoadConfig(filepath.Join("..", "testdata", "serve", tc.file))
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
		})
	}
}

func TestConfigLogger(t *testing.T) {
	var b strings.Builder
	cfg := Default()
	cfg.LogFormat = "json"
	log, err := cfg.Logger(&b)
	if err != nil {
		t.Fatal(err)
	}
	log.Debug("hidden")
	log.Info("shown", "k", 1)
	if got := b.String(); strings.Contains(got, "hidden") || !strings.Contains(got, `"msg":"shown","k":1`) {
		t.Errorf("info-level JSON logger wrote %q", got)
	}
}
