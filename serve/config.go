package serve

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/slipwayml/slipway/monitor"
	"github.com/slipwayml/slipway/runtime"
)

// Config is what `slipway serve` needs. Start from Default (LoadConfig
// does): a zero body limit or JSON depth is invalid, not a default.
type Config struct {
	// Addr is the listen address, HOST:PORT.
	Addr string `yaml:"addr"`
	// Models maps a model name to its file or folder.
	Models map[string]string `yaml:"models"`
	// LogFormat is "text" or "json"; LogLevel is debug, info, warn or error.
	LogFormat string `yaml:"log_format"`
	LogLevel  string `yaml:"log_level"`
	// BodyLimit is the largest request body in bytes (413 above it).
	BodyLimit int64 `yaml:"body_limit"`
	// JSONDepth is the deepest nesting of JSON arrays and objects accepted.
	JSONDepth int `yaml:"json_depth"`

	// The http.Server timeouts; 0 is none.
	ReadTimeout  time.Duration `yaml:"read_timeout"`
	WriteTimeout time.Duration `yaml:"write_timeout"`
	IdleTimeout  time.Duration `yaml:"idle_timeout"`

	// MaxConcurrency bounds concurrent predictions per model version (0 is
	// unlimited); a request waits at most QueueTimeout for a slot, then
	// gets a 503.
	MaxConcurrency int           `yaml:"max_concurrency"`
	QueueTimeout   time.Duration `yaml:"queue_timeout"`
	// ShutdownGrace is how long in-flight requests may run after a
	// shutdown starts.
	ShutdownGrace time.Duration `yaml:"shutdown_grace"`
	// Threads is how many goroutines one large tensor product (a neural
	// network's MatMul or Conv) may use: 0 is GOMAXPROCS, 1 none beside
	// the request's own.
	Threads int `yaml:"threads"`

	// Registry is a registry folder or postgres:// URL; with it the
	// server answers the management API under /api/v1. Blobs is its blob
	// folder (see registry.Config).
	Registry string `yaml:"registry"`
	Blobs    string `yaml:"blobs"`
	// Deploy lists the MODEL@ALIAS targets to serve from the registry, or
	// "*" for every alias of every model.
	Deploy []string `yaml:"deploy"`
	// Poll is how often the registry is checked for moved aliases; 0 is
	// deploy.DefaultPoll.
	Poll time.Duration `yaml:"poll"`
	// Versions is the version policy: aliases, latest:N or specific:V,...
	Versions string `yaml:"versions"`
	// Auth is AuthPredict to require a read token on predictions too; the
	// management API always requires one.
	Auth string `yaml:"auth"`
	// TFVersions says which version folders of a TF Serving model folder
	// are served: "latest" (TF Serving's default policy) or "all".
	TFVersions string `yaml:"tf_versions"`
}

// AuthPredict, as Config.Auth, makes every prediction need a token.
const AuthPredict = "predict"

// Default returns the configuration used when nothing is set.
func Default() Config {
	return Config{
		Addr:          ":8080",
		LogFormat:     "text",
		LogLevel:      "info",
		BodyLimit:     32 << 20,
		JSONDepth:     64,
		ReadTimeout:   30 * time.Second,
		WriteTimeout:  60 * time.Second,
		IdleTimeout:   120 * time.Second,
		QueueTimeout:  time.Second,
		ShutdownGrace: 30 * time.Second,
		TFVersions:    "latest",
	}
}

// LoadConfig reads a YAML config file over Default and validates it.
// Unknown keys are errors, so a typo is not silently ignored.
func LoadConfig(path string) (Config, error) {
	cfg := Default()
	data, err := os.ReadFile(path)
	if err != nil {
		return cfg, fmt.Errorf("read config: %w", err)
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&cfg); err != nil && !errors.Is(err, io.EOF) {
		return cfg, fmt.Errorf("config %s: %w", path, err)
	}
	if err := cfg.Validate(); err != nil {
		return cfg, fmt.Errorf("config %s: %w", path, err)
	}
	return cfg, nil
}

// Validate reports every invalid field at once.
func (c Config) Validate() error {
	var errs []error
	bad := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	if c.TFVersions != "latest" && c.TFVersions != "all" {
		bad("tf_versions %q: want latest or all", c.TFVersions)
	}
	if c.Addr == "" {
		bad("addr is empty (want HOST:PORT, e.g. :8080)")
	} else if _, _, err := net.SplitHostPort(c.Addr); err != nil {
		bad("addr %q: %v", c.Addr, err)
	}
	for name, path := range c.Models {
		switch {
		case name == "" || strings.ContainsAny(name, "/:? "):
			bad("model name %q: must be non-empty without '/', ':', '?' or spaces", name)
		case path == "":
			bad("model %s: empty path", name)
		}
	}
	if c.LogFormat != "text" && c.LogFormat != "json" {
		bad("log_format %q: want text or json", c.LogFormat)
	}
	if _, err := parseLevel(c.LogLevel); err != nil {
		bad("log_level: %v", err)
	}
	if c.BodyLimit <= 0 {
		bad("body_limit %d: must be positive", c.BodyLimit)
	}
	if c.JSONDepth <= 0 {
		bad("json_depth %d: must be positive", c.JSONDepth)
	}
	if c.MaxConcurrency < 0 {
		bad("max_concurrency %d: must not be negative", c.MaxConcurrency)
	}
	if c.Threads < 0 {
		bad("threads %d: must not be negative", c.Threads)
	}
	errs = append(errs, c.validateRegistry()...)
	for _, d := range []struct {
		name string
		v    time.Duration
	}{
		{"read_timeout", c.ReadTimeout}, {"write_timeout", c.WriteTimeout}, {"idle_timeout", c.IdleTimeout},
		{"queue_timeout", c.QueueTimeout}, {"shutdown_grace", c.ShutdownGrace}, {"poll", c.Poll},
	} {
		if d.v < 0 {
			bad("%s %v: must not be negative", d.name, d.v)
		}
	}
	return errors.Join(errs...)
}

// Logger returns a slog.Logger writing to w in the configured format and
// level. Under load its lines are batched (written within 100ms), so access
// logging does not cost a write per request; warnings and errors are written
// at once, and Server.Serve writes out the rest when it returns.
func (c Config) Logger(w io.Writer) (*slog.Logger, error) {
	level, err := parseLevel(c.LogLevel)
	if err != nil {
		return nil, err
	}
	lw := newLogWriter(w)
	opts := &slog.HandlerOptions{Level: level}
	var h slog.Handler = slog.NewTextHandler(lw, opts)
	if c.LogFormat == "json" {
		h = slog.NewJSONHandler(lw, opts)
	}
	return slog.New(bufferedHandler{h, lw}), nil
}

func parseLevel(s string) (slog.Level, error) {
	var l slog.Level
	if err := l.UnmarshalText([]byte(s)); err != nil {
		return 0, fmt.Errorf("level %q: want debug, info, warn or error", s)
	}
	return l, nil
}

// RuntimeOptions returns the runtime options the config implies, reporting
// to metrics.
func (c Config) RuntimeOptions(metrics *monitor.Metrics) runtime.Options {
	return runtime.Options{MaxConcurrency: c.MaxConcurrency, QueueTimeout: c.QueueTimeout, Metrics: metrics}
}
