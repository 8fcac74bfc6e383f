package image

import (
	"fmt"
	"path"
	"path/filepath"
	"strconv"

	"github.com/slipwayml/slipway/bundle"
)

// The image layout. Both `slipway build` and the Dockerfile that
// `slipway dockerfile` writes follow it.
const (
	// BinaryPath is where the slipway binary is, at the image root.
	BinaryPath = "/slipway"
	// ModelsDir holds one folder per model, named for the model.
	ModelsDir = "/models"
	// User is the image's non-root user and group: distroless's "nonroot".
	User = "65532:65532"
	// Port is the port `slipway serve` listens on by default.
	Port = 8080
)

// Validate reports a model that cannot name an image or a served model.
func (m *Model) Validate() error {
	if !bundle.ValidName(m.Name) {
		return fmt.Errorf("model name %q: want 1 to 128 letters, digits, '.', '_' or '-'", m.Name)
	}
	return nil
}

// ModelPath is where the model's file or folder m.Artifact is in the image.
func (m *Model) ModelPath() string { return path.Join(ModelsDir, m.Name, m.Artifact) }

// Entrypoint is the image's entrypoint: serve the model under its name.
// Arguments given to the container (e.g. --addr) are appended to it.
func (m *Model) Entrypoint() []string {
	return []string{BinaryPath, "serve", m.Name + "=" + m.ModelPath()}
}

// Labels are the image's labels: the OCI ones, with the model's name as the
// title, its registry version as the version and its digest as the
// revision, and the same under ml.slipway.model.*.
func (m *Model) Labels() map[string]string {
	l := map[string]string{
		"org.opencontainers.image.title":       m.Name,
		"org.opencontainers.image.description": fmt.Sprintf("Slipway serving the %s model %s", m.Format, m.Name),
		"org.opencontainers.image.revision":    m.Digest,
		"org.opencontainers.image.source":      "https://" + ModulePath,
		"ml.slipway.model.name":                m.Name,
		"ml.slipway.model.digest":              m.Digest,
		"ml.slipway.model.format":              m.Format,
	}
	if m.Version != "" {
		l["org.opencontainers.image.version"] = m.Version
		l["ml.slipway.model.version"] = m.Version
	}
	return l
}

// ExposedPort is Port in the form image configs use.
func ExposedPort() string { return strconv.Itoa(Port) + "/tcp" }

// files lists the model's files with their paths in the image, sorted.
func (m *Model) files() []file {
	out := make([]file, len(m.Files))
	for i, f := range m.Files {
		out[i] = file{
			path:  path.Join(ModelsDir[1:], m.Name, f),
			local: filepath.Join(m.Root, filepath.FromSlash(f)),
			mode:  0o644,
		}
	}
	return out
}
