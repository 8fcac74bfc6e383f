package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/spf13/cobra"

	"github.com/slipwayml/slipway/registry"
	"github.com/slipwayml/slipway/ship/edge"
	"github.com/slipwayml/slipway/ship/image"
)

func newBuild() *cobra.Command {
	var (
		sf                                  shipFlags
		out, format, tag, push, bin, source string
		platforms                           []string
	)
	cmd := &cobra.Command{
		Use:   "build MODEL|NAME@VERSION (--image OUT.tar | --push REF | --binary OUT) [--platform linux/amd64,linux/arm64]",
		Short: "Build an OCI image or a single-file executable serving a model, without Docker",
		Long: `Build an image holding a static slipway and the model (a file, folder, .slip
bundle, or a registry version NAME@VERSION) on an empty base: entrypoint
"slipway serve", user 65532, port 8080, OCI labels naming the model, its
version and digest. The same input gives the same digest. Several platforms
give a multi-platform index. --image writes a tar (an OCI layout, or
docker save's format with --format docker); --push uploads to a registry
with the credentials of docker login.

--binary instead writes one executable with the model embedded that serves
it when started and takes the flags of slipway serve (--addr, ...).

Both compile slipway with the Go toolchain from its source: run from a
Slipway checkout, or give it with --source.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			switch {
			case bin != "" && (out != "" || push != ""):
				return fmt.Errorf("--binary builds an executable, not an image: drop --image and --push")
			case bin == "" && out == "" && push == "":
				return fmt.Errorf("nothing to build: give --image OUT.tar, --push REF or --binary OUT")
			case bin != "" && len(platforms) > 1:
				return fmt.Errorf("--binary builds for one --platform, got %d", len(platforms))
			}
			plats, err := parsePlatforms(platforms)
			if err != nil {
				return err
			}
			ctx := cmd.Context()
			m, err := sf.open(ctx, args[0])
			if err != nil {
				return err
			}
			defer m.Close()
			c := &image.Compiler{Source: source, Version: version}
			defer c.Close()
			if bin != "" {
				return buildBinary(ctx, cmd.OutOrStdout(), c, m, plats, bin)
			}
			res, err := image.Build(ctx, m, image.Options{Platforms: plats, Format: image.Format(format), Compiler: c})
			if err != nil {
				return err
			}
			digest, err := res.Digest()
			if err != nil {
				return err
			}
			if out != "" {
				if tag == "" {
					tag = defaultTag(m)
				}
				if err := writeAtomic(out, 0o644, func(w io.Writer) error {
					return image.Write(w, res, image.Format(format), tag)
				}); err != nil {
					return err
				}
			}
			if push != "" {
				updates := make(chan v1.Update, 16)
				drawn := make(chan error, 1)
				go func() { drawn <- image.Progress(cmd.ErrOrStderr(), updates) }()
				err := image.Push(ctx, res, push, updates)
				<-drawn
				if err != nil {
					return err
				}
			}
			if sf.rf.json {
				return writeJSON(cmd.OutOrStdout(), map[string]any{
					"digest": digest.String(), "image": out, "pushed": push, "model": m.Name, "model_digest": m.Digest,
				})
			}
			_, err = fmt.Fprintln(cmd.OutOrStdout(), digest)
			return err
		},
	}
	sf.register(cmd)
	fl := cmd.Flags()
	fl.StringVar(&out, "image", "", "write the image to this tar")
	fl.StringVar(&format, "format", string(image.OCI), "image format: oci or docker")
	fl.StringSliceVar(&platforms, "platform", nil, "OS/ARCH[/VARIANT], comma-separated (default linux/amd64; for --binary, this machine's)")
	fl.StringVar(&tag, "tag", "", "tag recorded in the tar (default NAME:VERSION, or NAME:latest)")
	fl.StringVar(&push, "push", "", "push the image to this registry reference")
	fl.StringVar(&bin, "binary", "", "write a self-contained executable serving the model instead")
	fl.StringVar(&source, "source", "", "Slipway source to compile (default: the checkout holding the working directory)")
	return cmd
}

func buildBinary(ctx context.Context, w io.Writer, c *image.Compiler, m *image.Model, plats []v1.Platform, out string) error {
	p := v1.Platform{OS: runtime.GOOS, Architecture: runtime.GOARCH}
	if len(plats) == 1 {
		p = plats[0]
	}
	built, err := edge.Build(ctx, c, m, p)
	if err != nil {
		return err
	}
	src, err := os.Open(built)
	if err != nil {
		return err
	}
	defer src.Close()
	if err := writeAtomic(out, 0o755, func(w io.Writer) error {
		_, err := io.Copy(w, src)
		return err
	}); err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, "%s (%s, serves %s)\n", out, p.String(), m.Name)
	return err
}

func parsePlatforms(specs []string) ([]v1.Platform, error) {
	plats := make([]v1.Platform, 0, len(specs))
	for _, s := range specs {
		p, err := v1.ParsePlatform(s)
		if err != nil || p.OS == "" || p.Architecture == "" {
			return nil, fmt.Errorf("--platform %q: want OS/ARCH[/VARIANT], e.g. linux/arm64", s)
		}
		plats = append(plats, *p)
	}
	return plats, nil
}

// defaultTag names the image NAME:VERSION, or NAME:latest.
func defaultTag(m *image.Model) string {
	if m.Version != "" {
		return strings.ToLower(m.Name) + ":" + m.Version
	}
	return strings.ToLower(m.Name) + ":latest"
}

// writeAtomic writes a file through a temporary one renamed into place, so
// a failed build leaves no partial output.
func writeAtomic(path string, mode os.FileMode, write func(io.Writer) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".slipway-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // fails harmlessly after the rename
	err = write(tmp)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp.Name(), mode)
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// shipFlags select the model that build, k8s and dockerfile ship: a path,
// or NAME@VERSION in the registry.
type shipFlags struct {
	rf   registryFlags
	name string
}

func (f *shipFlags) register(cmd *cobra.Command) {
	f.rf.register(cmd, false)
	cmd.Flags().StringVar(&f.name, "name", "", "serve the model under this name (default: the bundle's, or the file name)")
}

// open opens the model at arg, a path or, when there is no such file, a
// registry reference; the caller closes it.
func (f *shipFlags) open(ctx context.Context, arg string) (*image.Model, error) {
	var m *image.Model
	var err error
	if _, statErr := os.Stat(arg); statErr == nil {
		m, err = image.Open(arg)
	} else {
		m, err = f.openVersion(ctx, arg, statErr)
	}
	if err != nil {
		return nil, err
	}
	if f.name != "" {
		m.Name = f.name
	}
	if err := m.Validate(); err != nil {
		m.Close()
		return nil, err
	}
	return m, nil
}

func (f *shipFlags) openVersion(ctx context.Context, arg string, statErr error) (*image.Model, error) {
	name, ref, err := registry.ParseRef(arg)
	if err != nil {
		return nil, fmt.Errorf("%s is neither a model file (%v) nor NAME@VERSION (%v)", arg, statErr, err)
	}
	reg, err := f.rf.open(ctx)
	if err != nil {
		return nil, err
	}
	defer reg.Close()
	v, err := reg.Store.Resolve(ctx, name, ref)
	if err != nil {
		return nil, fmt.Errorf("%s is neither a model file (%v) nor in the registry: %w", arg, statErr, err)
	}
	blob, err := reg.Blobs.Open(v.Digest)
	if err != nil {
		return nil, fmt.Errorf("%s@%s: %w", name, ref, err)
	}
	defer blob.Close()
	m, err := image.Open(blob.Name())
	if err != nil {
		return nil, fmt.Errorf("%s@%s: %w", name, ref, err)
	}
	m.Name, m.Version = v.Model, strconv.Itoa(v.Version)
	return m, nil
}
