package image

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"text/template"
)

var dockerfile = template.Must(template.New("Dockerfile").Funcs(template.FuncMap{"json": jsonString}).Parse(
	`# syntax=docker/dockerfile:1
# Written by slipway dockerfile: the image slipway build makes, built by
# Docker (BuildKit sets TARGETOS and TARGETARCH; use --platform for others).
FROM --platform=$BUILDPLATFORM golang:{{.GoVersion}} AS build
ARG TARGETOS TARGETARCH
WORKDIR /src
COPY src/ ./
RUN CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH go build{{range .Flags}} {{json .}}{{end}} -o /out/slipway ./cmd/slipway

FROM scratch
COPY --from=build /out/slipway {{.Binary}}
COPY models/ {{.Models}}/
USER {{.User}}
EXPOSE {{.Port}}
{{range .Labels}}LABEL {{json .Key}}={{json .Value}}
{{end}}ENTRYPOINT {{json .Entrypoint}}
`))

// WriteDockerContext writes to dir, which must be empty or absent, a
// Dockerfile and its build context: src/ holding the slipway source that c
// compiles, and models/NAME/ with m's files. `docker build dir` then makes
// an image with the files and config of Build's, though not its digest:
// Docker records its own times.
func WriteDockerContext(ctx context.Context, dir string, m *Model, c *Compiler) error {
	if err := m.Validate(); err != nil {
		return err
	}
	if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
		return fmt.Errorf("dockerfile: %s is not empty", dir)
	}
	src, err := c.source()
	if err != nil {
		return err
	}
	goVersion, err := c.run(ctx, src, nil, "env", "GOVERSION")
	if err != nil {
		return fmt.Errorf("dockerfile: go version: %w", err)
	}
	files, err := c.sourceFiles(ctx, src)
	if err != nil {
		return err
	}
	for _, f := range files {
		if err := copyFile(filepath.Join(dir, "src", f), filepath.Join(src, f)); err != nil {
			return fmt.Errorf("dockerfile: %w", err)
		}
	}
	for _, f := range m.files() {
		if err := copyFile(filepath.Join(dir, filepath.FromSlash(f.path)), f.local); err != nil {
			return fmt.Errorf("dockerfile: %w", err)
		}
	}
	type label struct{ Key, Value string }
	var labels []label
	l := m.Labels()
	for _, k := range slices.Sorted(maps.Keys(l)) {
		labels = append(labels, label{k, l[k]})
	}
	var buf bytes.Buffer
	err = dockerfile.Execute(&buf, map[string]any{
		"GoVersion":  strings.TrimPrefix(strings.TrimSpace(string(goVersion)), "go"),
		"Flags":      c.flags(),
		"Binary":     BinaryPath,
		"Models":     ModelsDir,
		"User":       User,
		"Port":       ExposedPort(),
		"Labels":     labels,
		"Entrypoint": m.Entrypoint(),
	})
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "Dockerfile"), buf.Bytes(), 0o644)
}

// sourceFiles lists the files of this module that go build ./cmd/slipway
// reads, for any platform: go.mod, go.sum, and every package's Go, assembly
// and embedded files, relative to src.
func (c *Compiler) sourceFiles(ctx context.Context, src string) ([]string, error) {
	out, err := c.run(ctx, src, nil, "list", "-deps", "-json=Dir,Module,GoFiles,IgnoredGoFiles,SFiles,EmbedFiles", "./cmd/slipway")
	if err != nil {
		return nil, fmt.Errorf("dockerfile: list slipway's source: %w", err)
	}
	files := []string{"go.mod", "go.sum"}
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		var p struct {
			Dir                                         string
			Module                                      *struct{ Main bool }
			GoFiles, IgnoredGoFiles, SFiles, EmbedFiles []string
		}
		if err := dec.Decode(&p); err == io.EOF {
			break
		} else if err != nil {
			return nil, fmt.Errorf("dockerfile: go list: %w", err)
		}
		if p.Module == nil || !p.Module.Main {
			continue
		}
		rel, err := filepath.Rel(src, p.Dir)
		if err != nil {
			return nil, err
		}
		for _, f := range slices.Concat(p.GoFiles, p.IgnoredGoFiles, p.SFiles, p.EmbedFiles) {
			files = append(files, filepath.Join(rel, f))
		}
	}
	return files, nil
}

func copyFile(dst, src string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	_, err = io.Copy(out, in)
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	return err
}

func jsonString(v any) (string, error) {
	b, err := json.Marshal(v)
	return string(b), err
}
