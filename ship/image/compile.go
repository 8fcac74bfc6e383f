package image

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"

	v1 "github.com/google/go-containerregistry/pkg/v1"
)

// ModulePath is the module whose ./cmd/slipway the Compiler builds.
const ModulePath = "github.com/slipwayml/slipway"

// Compiler cross-compiles the slipway command from its source with the Go
// toolchain: without cgo, so the binary runs on an empty base, and
// reproducibly (-trimpath, no build ID, no VCS stamp). It keeps each binary
// it built until Close, so asking twice for a platform builds once. It is
// safe for concurrent use.
type Compiler struct {
	// Source is the root of a Slipway checkout; "" means the working
	// directory or the nearest parent holding Slipway's go.mod.
	Source string
	// Go is the toolchain command; "" means "go" on PATH.
	Go string
	// Version is stamped into the binary as `slipway --version`.
	Version string

	mu    sync.Mutex
	dir   string
	built map[string]string
}

// Overlay maps a file path relative to the source root to a local file that
// replaces or adds it for one build (go build -overlay).
type Overlay map[string]string

// Build returns the path of a slipway binary for p, built with overlay.
func (c *Compiler) Build(ctx context.Context, p v1.Platform, overlay Overlay) (string, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	key, err := json.Marshal(struct {
		P v1.Platform
		O Overlay
	}{p, overlay})
	if err != nil {
		return "", err
	}
	if path, ok := c.built[string(key)]; ok {
		return path, nil
	}
	if c.dir == "" {
		if c.dir, err = os.MkdirTemp("", "slipway-compile-"); err != nil {
			return "", err
		}
		c.built = map[string]string{}
	}
	src, err := c.source()
	if err != nil {
		return "", err
	}
	out := filepath.Join(c.dir, fmt.Sprintf("slipway-%d", len(c.built)))
	args := append([]string{"build"}, c.flags()...)
	args = append(args, "-o", out)
	if len(overlay) > 0 {
		ov, err := c.writeOverlay(src, overlay)
		if err != nil {
			return "", err
		}
		args = append(args, "-overlay="+ov)
	}
	env, err := goEnv(p)
	if err != nil {
		return "", err
	}
	if _, err := c.run(ctx, src, env, append(args, "./cmd/slipway")...); err != nil {
		return "", fmt.Errorf("go build slipway for %s: %w", p.String(), err)
	}
	c.built[string(key)] = out
	return out, nil
}

// run runs the go command in dir and returns its output.
func (c *Compiler) run(ctx context.Context, dir string, env []string, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, c.goCommand(), args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if errors.Is(err, exec.ErrNotFound) {
		return nil, fmt.Errorf("building slipway needs the Go toolchain on PATH: %w", err)
	}
	if err != nil {
		return nil, fmt.Errorf("%w\n%s", err, stderr.Bytes())
	}
	return out, nil
}

// Close removes the binaries built.
func (c *Compiler) Close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.dir == "" {
		return nil
	}
	err := os.RemoveAll(c.dir)
	c.dir, c.built = "", nil
	return err
}

// flags are go build's flags for a reproducible binary: no paths, build ID
// or VCS stamp in it.
func (c *Compiler) flags() []string {
	return []string{"-trimpath", "-buildvcs=false", "-ldflags=-s -w -buildid= -X main.version=" + c.version()}
}

func (c *Compiler) goCommand() string {
	if c.Go != "" {
		return c.Go
	}
	return "go"
}

func (c *Compiler) version() string {
	if c.Version != "" {
		return c.Version
	}
	return "dev"
}

func (c *Compiler) source() (string, error) {
	if c.Source != "" {
		if !isSlipwayRoot(c.Source) {
			return "", fmt.Errorf("--source %s: no go.mod of module %s there", c.Source, ModulePath)
		}
		return filepath.Abs(c.Source)
	}
	wd, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for dir := wd; ; dir = filepath.Dir(dir) {
		if isSlipwayRoot(dir) {
			return dir, nil
		}
		if filepath.Dir(dir) == dir {
			return "", fmt.Errorf("building slipway needs its source: no go.mod of module %s in %s or above; run from a checkout or pass --source DIR", ModulePath, wd)
		}
	}
}

func isSlipwayRoot(dir string) bool {
	b, err := os.ReadFile(filepath.Join(dir, "go.mod"))
	if err != nil {
		return false
	}
	for line := range strings.Lines(string(b)) {
		if f := strings.Fields(line); len(f) == 2 && f[0] == "module" {
			return strings.Trim(f[1], `"`) == ModulePath
		}
	}
	return false
}

// writeOverlay writes go build's overlay file, whose paths must be absolute.
func (c *Compiler) writeOverlay(src string, overlay Overlay) (string, error) {
	replace := make(map[string]string, len(overlay))
	for rel, local := range overlay {
		abs, err := filepath.Abs(local)
		if err != nil {
			return "", err
		}
		replace[filepath.Join(src, filepath.FromSlash(rel))] = abs
	}
	b, err := json.Marshal(map[string]any{"Replace": replace})
	if err != nil {
		return "", err
	}
	f, err := os.CreateTemp(c.dir, "overlay-*.json")
	if err != nil {
		return "", err
	}
	_, err = f.Write(b)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return f.Name(), err
}

// goEnv selects p for go build, cgo off.
func goEnv(p v1.Platform) ([]string, error) {
	env := []string{"CGO_ENABLED=0", "GOOS=" + p.OS, "GOARCH=" + p.Architecture, "GOFLAGS=-mod=readonly"}
	switch v := strings.TrimPrefix(p.Variant, "v"); {
	case p.Variant == "":
	case p.Architecture == "arm" && (v == "5" || v == "6" || v == "7"):
		env = append(env, "GOARM="+v)
	case p.Architecture == "arm64" && v == "8":
	case p.Architecture == "amd64" && (v == "1" || v == "2" || v == "3" || v == "4"):
		env = append(env, "GOAMD64=v"+v)
	default:
		return nil, fmt.Errorf("platform %s: unsupported variant %q", p.String(), p.Variant)
	}
	return env, nil
}
