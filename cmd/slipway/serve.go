package main

import (
	"context"
	"fmt"
	"log/slog"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/slipwayml/slipway/deploy"
	"github.com/slipwayml/slipway/example"
	"github.com/slipwayml/slipway/internal/gemm"
	"github.com/slipwayml/slipway/monitor"
	"github.com/slipwayml/slipway/registry"
	"github.com/slipwayml/slipway/runtime"
	"github.com/slipwayml/slipway/serve"
)

// envPrefix prefixes the environment variable of every serve flag:
// --queue-timeout is SLIPWAY_QUEUE_TIMEOUT.
const envPrefix = "SLIPWAY_"

func newServe() *cobra.Command {
	var configPath string
	cmd := &cobra.Command{
		Use:   "serve [[NAME=]PATH ...] [--addr HOST:PORT] [--config slipway.yaml]",
		Short: "Serve models over every protocol (plain, V2, TF Serving, KServe V1, MLflow)",
		Long: `Serve one or more models. NAME defaults to the file or folder name without
its extension. With no model and no config file, the bundled example model
is served as "iris".

With --registry, the server also answers the management API under /api/v1
(bearer tokens from slipway token create), and each --deploy MODEL@ALIAS is
served at the version the alias points to: when the alias moves, the new
version is loaded, warmed with its examples and swapped in without failing a
request. --versions keeps more versions addressable by number.

A TensorFlow Serving model folder (NAME=BASE/ with version folders
BASE/00000123/) serves its highest version, numbered as TF Serving numbers
it ("123"), or with --tf-versions all every version.

Settings come from, lowest first: defaults, the --config YAML file, SLIPWAY_*
environment variables (SLIPWAY_ADDR, SLIPWAY_QUEUE_TIMEOUT, ...), then flags.`,
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg, err := serveConfig(cmd.Flags(), configPath, args)
			if err != nil {
				return err
			}
			return runServe(cmd, cfg)
		},
	}
	cmd.Flags().StringVarP(&configPath, "config", "c", "", "YAML config file (env SLIPWAY_CONFIG)")
	defaults := serve.Default()
	bindServeFlags(cmd.Flags(), &defaults)
	return cmd
}

// bindServeFlags defines the flags that set cfg's fields. It is called once
// for the command's help and parsing, and again on the merged config to
// replay the flags and environment variables that were set.
func bindServeFlags(fs *pflag.FlagSet, cfg *serve.Config) {
	fs.StringVar(&cfg.Addr, "addr", cfg.Addr, "listen address HOST:PORT")
	fs.StringVar(&cfg.LogFormat, "log-format", cfg.LogFormat, "access and server log format: text or json")
	fs.StringVar(&cfg.LogLevel, "log-level", cfg.LogLevel, "log level: debug, info, warn or error")
	fs.Int64Var(&cfg.BodyLimit, "body-limit", cfg.BodyLimit, "largest request body in bytes (413 above)")
	fs.IntVar(&cfg.JSONDepth, "json-depth", cfg.JSONDepth, "deepest JSON nesting accepted")
	fs.DurationVar(&cfg.ReadTimeout, "read-timeout", cfg.ReadTimeout, "HTTP read timeout")
	fs.DurationVar(&cfg.WriteTimeout, "write-timeout", cfg.WriteTimeout, "HTTP write timeout")
	fs.DurationVar(&cfg.IdleTimeout, "idle-timeout", cfg.IdleTimeout, "HTTP keep-alive idle timeout")
	fs.IntVar(&cfg.MaxConcurrency, "max-concurrency", cfg.MaxConcurrency, "concurrent predictions per model version (0: unlimited)")
	fs.DurationVar(&cfg.QueueTimeout, "queue-timeout", cfg.QueueTimeout, "how long a request waits for a prediction slot before a 503")
	fs.DurationVar(&cfg.ShutdownGrace, "shutdown-grace", cfg.ShutdownGrace, "how long in-flight requests may finish on SIGTERM")
	fs.IntVar(&cfg.Threads, "threads", cfg.Threads, threadsUsage)
	fs.StringVar(&cfg.Registry, "registry", cfg.Registry, "registry folder or postgres:// URL: serves the management API /api/v1")
	fs.StringVar(&cfg.Blobs, "blobs", cfg.Blobs, "blob folder (default REGISTRY/blobs; required with PostgreSQL)")
	fs.StringSliceVar(&cfg.Deploy, "deploy", cfg.Deploy, "serve MODEL@ALIAS from the registry, following the alias (repeatable; '*' for every alias of every model)")
	fs.DurationVar(&cfg.Poll, "poll", cfg.Poll, "how often to check the registry for moved aliases (0: 2s; PostgreSQL also notifies)")
	fs.StringVar(&cfg.Versions, "versions", cfg.Versions, "version policy: aliases, latest:N or specific:V1,V2 (which versions stay addressable)")
	fs.StringVar(&cfg.Auth, "auth", cfg.Auth, "predict: predictions need a read token too")
	fs.StringVar(&cfg.TFVersions, "tf-versions", cfg.TFVersions, "which version folders of a TF Serving model folder to serve: latest or all")
}

// serveConfig merges defaults, the config file, SLIPWAY_* variables, flags
// and model arguments, and validates the result.
func serveConfig(flags *pflag.FlagSet, configPath string, args []string) (serve.Config, error) {
	if configPath == "" {
		configPath = os.Getenv(envPrefix + "CONFIG")
	}
	cfg := serve.Default()
	if configPath != "" {
		var err error
		if cfg, err = serve.LoadConfig(configPath); err != nil {
			return cfg, err
		}
	}
	merged := pflag.NewFlagSet("serve", pflag.ContinueOnError)
	bindServeFlags(merged, &cfg)
	var errs []string
	merged.VisitAll(func(f *pflag.Flag) {
		var value, from string
		if given := flags.Lookup(f.Name); given != nil && given.Changed {
			// A list's String is bracketed, so copy its items instead.
			if list, ok := given.Value.(pflag.SliceValue); ok {
				f.Value.(pflag.SliceValue).Replace(list.GetSlice()) // cannot fail for strings
				return
			}
			value, from = given.Value.String(), "--"+f.Name
		} else if env, ok := os.LookupEnv(envName(f.Name)); ok {
			value, from = env, envName(f.Name)
		} else {
			return
		}
		if err := merged.Set(f.Name, value); err != nil {
			errs = append(errs, fmt.Sprintf("%s=%q: %v", from, value, err))
		}
	})
	if len(errs) > 0 {
		return cfg, fmt.Errorf("invalid setting: %s", strings.Join(errs, "; "))
	}
	if env := os.Getenv(envPrefix + "MODELS"); len(args) == 0 && env != "" {
		args = strings.Fields(env)
	}
	seen := map[string]bool{}
	for _, arg := range args {
		name, path := modelArg(arg)
		if seen[name] {
			return cfg, fmt.Errorf("model name %q given twice; name them with NAME=PATH", name)
		}
		seen[name] = true
		if cfg.Models == nil {
			cfg.Models = map[string]string{}
		}
		cfg.Models[name] = path
	}
	if err := cfg.Validate(); err != nil {
		return cfg, fmt.Errorf("invalid configuration: %w", err)
	}
	return cfg, nil
}

func envName(flag string) string {
	return envPrefix + strings.ToUpper(strings.ReplaceAll(flag, "-", "_"))
}

// modelArg splits NAME=PATH; a bare PATH is named for its file or folder.
func modelArg(arg string) (name, path string) {
	if n, p, ok := strings.Cut(arg, "="); ok && !strings.ContainsRune(n, os.PathSeparator) {
		return n, p
	}
	base := filepath.Base(filepath.Clean(arg))
	return strings.TrimSuffix(base, filepath.Ext(base)), arg
}

// runServe serves cfg.
func runServe(cmd *cobra.Command, cfg serve.Config) error {
	ctx := cmd.Context()
	logger, err := cfg.Logger(cmd.ErrOrStderr())
	if err != nil {
		return err
	}
	defer serve.FlushLog(logger)
	gemm.SetThreads(cfg.Threads)
	if len(cfg.Models) == 0 && cfg.Registry == "" {
		path, err := example.Write(exampleDir())
		if err != nil {
			return err
		}
		cfg.Models = map[string]string{example.Name: path}
		logger.Info("no model given: serving the bundled example", "model", example.Name,
			"try", fmt.Sprintf(`curl -s -d '{"instances": [[5.1, 3.5, 1.4, 0.2]]}' http://%s/predict`, displayAddr(cfg.Addr)))
	}
	rt := runtime.New(runtime.Options{
		MaxConcurrency: cfg.MaxConcurrency,
		QueueTimeout:   cfg.QueueTimeout,
		Metrics:        monitor.New(),
	})
	for _, name := range slices.Sorted(maps.Keys(cfg.Models)) {
		versions, err := rt.LoadVersions(ctx, name, cfg.Models[name], cfg.TFVersions == "latest")
		if err != nil {
			return err
		}
		logger.Info("model loaded", "model", name, "path", cfg.Models[name], "versions", versions)
	}
	srv, err := serve.New(cfg, rt, logger)
	if err != nil {
		return err
	}
	if cfg.Registry != "" {
		reg, err := registry.Open(ctx, cfg.RegistryConfig())
		if err != nil {
			return err
		}
		defer reg.Close()
		reg.Replay = serve.PredictOffline
		srv.Manage(reg)
		if len(cfg.Deploy) > 0 {
			stop, err := startDeploy(ctx, cfg, reg, rt, logger)
			if err != nil {
				return err
			}
			defer stop()
		}
	}
	return srv.Run(ctx)
}

// startDeploy loads what the deploy targets resolve to now, then follows
// the registry in the background until stop is called.
func startDeploy(ctx context.Context, cfg serve.Config, reg *registry.Registry, rt *runtime.Runtime, logger *slog.Logger) (stop func(), err error) {
	opts := cfg.DeployOptions()
	opts.Logger = logger
	if host, err := os.Hostname(); err == nil {
		opts.Actor = "serve@" + host
	}
	d, err := deploy.New(reg, rt, opts)
	if err != nil {
		return nil, err
	}
	if err := d.Start(ctx); err != nil {
		d.Close()
		return nil, err
	}
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		d.Run(ctx)
	}()
	return func() {
		cancel()
		<-done
		d.Close()
	}, nil
}

// displayAddr turns a listen address into one a local client can use.
func displayAddr(addr string) string {
	if strings.HasPrefix(addr, ":") {
		return "localhost" + addr
	}
	return addr
}
