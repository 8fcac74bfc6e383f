package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/user"
	"strings"

	"github.com/spf13/cobra"

	"github.com/slipwayml/slipway/bundle"
	"github.com/slipwayml/slipway/registry"
	"github.com/slipwayml/slipway/serve"
)

func newPush() *cobra.Command {
	var (
		rf       registryFlags
		name     string
		examples string
		alias    string
		tags     []string
	)
	cmd := &cobra.Command{
		Use:   "push MODEL|BUNDLE [--name N] [--examples FILE] [--alias A] [--tag k=v]...",
		Short: "Validate a model or bundle and store it as the next version",
		Long: `Push a model file or folder (packaged on the fly, like slipway package) or a
.slip bundle into the registry. The validation gate loads the model and
replays its examples; a model that fails to load or whose outputs differ from
the recorded ones is refused with a report. Prints the new version.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			tagMap, err := parseTags(tags)
			if err != nil {
				return err
			}
			path, temporary, err := pushable(ctx, args[0], name, examples)
			if err != nil {
				return err
			}
			if temporary {
				defer os.Remove(path)
			}
			reg, err := rf.open(ctx)
			if err != nil {
				return err
			}
			defer reg.Close()
			v, err := reg.Push(ctx, path, registry.PushOptions{Name: name, Tags: tagMap, Alias: alias, Actor: rf.actor})
			if err != nil {
				return err
			}
			if rf.json {
				return writeJSON(cmd.OutOrStdout(), pushResult{Name: v.Model, Version: v.Version,
					Digest: v.Digest, Size: v.Size, Examples: v.Examples, Alias: alias})
			}
			_, err = fmt.Fprintln(cmd.OutOrStdout(), v.Version)
			return err
		},
	}
	rf.register(cmd, true)
	cmd.Flags().StringVar(&name, "name", "", "model name (required for a model file; overrides a bundle's)")
	cmd.Flags().StringVar(&examples, "examples", "", "examples file: JSON [{request, method, response}] (model files only)")
	cmd.Flags().StringVar(&alias, "alias", "", "point this alias at the new version")
	cmd.Flags().StringArrayVar(&tags, "tag", nil, "tag the version, k=v (repeatable)")
	return cmd
}

type pushResult struct {
	Name     string `json:"name"`
	Version  int    `json:"version"`
	Digest   string `json:"digest"`
	Size     int64  `json:"size"`
	Examples int    `json:"examples"`
	Alias    string `json:"alias,omitempty"`
}

// pushable returns the bundle to push: path itself, or a temporary bundle
// packaged from the model at path. Packaging replays the examples, so a
// wrong recorded output is refused here, as the gate would.
func pushable(ctx context.Context, path, name, examples string) (bundlePath string, temporary bool, err error) {
	if bundle.IsBundle(path) {
		if examples != "" {
			return "", false, fmt.Errorf("--examples: a bundle carries its own examples")
		}
		return path, false, nil
	}
	if name == "" {
		return "", false, fmt.Errorf("--name is required to push a model that is not a bundle")
	}
	f, err := os.CreateTemp("", "slipway-*.slip")
	if err != nil {
		return "", false, err
	}
	err = writeBundle(ctx, f, path, name, examples, nil)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(f.Name())
		var ce *bundle.CheckError
		if errors.As(err, &ce) {
			return "", false, &registry.GateError{Model: name, Err: ce}
		}
		return "", false, err
	}
	return f.Name(), true, nil
}

// registryFlags are the flags every registry verb shares.
type registryFlags struct {
	location, blobs, actor string
	json                   bool
}

func (f *registryFlags) register(cmd *cobra.Command, changes bool) {
	fl := cmd.Flags()
	fl.StringVar(&f.location, "registry", "", "registry folder or postgres:// URL (env SLIPWAY_REGISTRY; default ~/.slipway)")
	fl.StringVar(&f.blobs, "blobs", "", "blob folder (env SLIPWAY_BLOBS; default REGISTRY/blobs, required with PostgreSQL)")
	fl.BoolVar(&f.json, "json", false, "print JSON")
	if changes {
		fl.StringVar(&f.actor, "actor", defaultActor(), "who to name in the audit log")
	}
}

// open opens the registry the flags or environment select. The location is
// read from the environment here rather than shown as a flag default, so a
// DSN's password never appears in --help.
func (f *registryFlags) open(ctx context.Context) (*registry.Registry, error) {
	cfg := registry.Config{Location: f.location, Blobs: f.blobs}
	if cfg.Location == "" {
		cfg.Location = os.Getenv("SLIPWAY_REGISTRY")
	}
	if cfg.Blobs == "" {
		cfg.Blobs = os.Getenv("SLIPWAY_BLOBS")
	}
	reg, err := registry.Open(ctx, cfg)
	if err != nil {
		return nil, err
	}
	reg.Replay = serve.PredictOffline
	return reg, nil
}

func defaultActor() string {
	if u := os.Getenv("USER"); u != "" {
		return u
	}
	if u, err := user.Current(); err == nil {
		return u.Username
	}
	return "unknown"
}

// parseTags turns repeated k=v flags into a map.
func parseTags(kvs []string) (map[string]string, error) {
	if len(kvs) == 0 {
		return nil, nil
	}
	tags := make(map[string]string, len(kvs))
	for _, kv := range kvs {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || k == "" {
			return nil, fmt.Errorf("--tag %q: want key=value", kv)
		}
		tags[k] = v
	}
	return tags, nil
}
