package bundle

import (
	"fmt"
	"io/fs"
	"regexp"
	"strings"
	"time"

	"github.com/slipwayml/slipway/model"
)

// Well-known paths inside a bundle.
const (
	ManifestPath = "manifest.json"
	ExamplesPath = "examples.json"
	StatsPath    = "stats.json"
	// ModelDir holds the artifacts: one file, or a folder's contents.
	ModelDir = "model"
)

// Manifest describes a bundle. It is the first entry of the tar.
type Manifest struct {
	Name string `json:"name"`
	// Version is assigned by the registry; a freshly packaged bundle has none.
	Version int `json:"version,omitempty"`
	// Format is the model format detected at packaging, e.g. "sklearn".
	Format string `json:"format"`
	// Artifact is the path model.Load reads, relative to the bundle root.
	Artifact         string            `json:"artifact"`
	Framework        string            `json:"framework,omitempty"`
	FrameworkVersion string            `json:"framework_version,omitempty"`
	Signature        Signature         `json:"signature"`
	Created          time.Time         `json:"created"`
	Creator          string            `json:"creator,omitempty"`
	Tags             map[string]string `json:"tags,omitempty"`
	// Files lists every other entry of the bundle, sorted by path.
	Files []File `json:"files"`
}

// File is one bundle entry and its digest.
type File struct {
	Path   string `json:"path"`
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
}

// Signature is a model.Signature in its wire form.
type Signature struct {
	Inputs  []TensorSpec `json:"inputs"`
	Outputs []TensorSpec `json:"outputs"`
	Default []string     `json:"default_outputs,omitempty"`
}

// TensorSpec names one tensor with its datatype and shape (-1 is dynamic);
// Keys, when set, name the columns of a record output or input (see
// model.TensorSpec).
type TensorSpec struct {
	Name     string   `json:"name"`
	Datatype string   `json:"datatype"`
	Shape    []int    `json:"shape"`
	Keys     []string `json:"keys,omitempty"`
}

// SignatureOf is a model's signature as a manifest records it.
func SignatureOf(sig model.Signature) Signature {
	specs := func(in []model.TensorSpec) []TensorSpec {
		out := make([]TensorSpec, len(in))
		for i, s := range in {
			out[i] = TensorSpec{Name: s.Name, Datatype: s.DType.String(), Shape: s.Shape, Keys: s.Keys}
		}
		return out
	}
	return Signature{Inputs: specs(sig.Inputs), Outputs: specs(sig.Outputs), Default: sig.Default}
}

var (
	namePattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$`)
	hexPattern  = regexp.MustCompile(`^[0-9a-f]{64}$`)
)

// ValidName reports whether s may name a model: 1 to 128 letters, digits,
// '.', '_' or '-', starting with a letter or digit, so it is safe in paths
// and URLs.
func ValidName(s string) bool { return namePattern.MatchString(s) }

// validate checks a manifest read from an untrusted bundle.
func (m *Manifest) validate() error {
	if !ValidName(m.Name) {
		return fmt.Errorf("manifest: invalid model name %q", m.Name)
	}
	if m.Format == "" {
		return fmt.Errorf("manifest: no format")
	}
	seen := make(map[string]bool, len(m.Files))
	artifact := false
	for _, f := range m.Files {
		if err := checkPath(f.Path); err != nil {
			return fmt.Errorf("manifest: %w", err)
		}
		if f.Path == ManifestPath || seen[f.Path] {
			return fmt.Errorf("manifest: %s listed twice", f.Path)
		}
		seen[f.Path] = true
		if f.Size < 0 || !hexPattern.MatchString(f.SHA256) {
			return fmt.Errorf("manifest: %s: bad size or sha256", f.Path)
		}
		if f.Path == m.Artifact || strings.HasPrefix(f.Path, m.Artifact+"/") {
			artifact = true
		}
	}
	if !strings.HasPrefix(m.Artifact, ModelDir+"/") || !artifact {
		return fmt.Errorf("manifest: artifact %q is not a file or folder under %s/", m.Artifact, ModelDir)
	}
	return nil
}

// checkPath accepts only clean, relative, slash-separated paths, so an entry
// can never land outside the folder a bundle is extracted to.
func checkPath(p string) error {
	if !fs.ValidPath(p) || p == "." || strings.ContainsAny(p, `\:`) {
		return fmt.Errorf("unsafe path %q", p)
	}
	return nil
}
