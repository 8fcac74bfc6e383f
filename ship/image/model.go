package image

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/slipwayml/slipway/bundle"
	"github.com/slipwayml/slipway/model"
)

// Model is what an image or binary ships: the files under Root that
// `slipway serve` needs, and the identity recorded in the image's labels.
type Model struct {
	Name    string
	Version string // "" unless the model came from the registry
	Digest  string // "sha256:…" of the bundle, or of the model file(s)
	Format  string
	// Root is a local folder; Files are slash-separated paths under it,
	// sorted, and Artifact is the one of them (or their folder) that
	// `slipway serve` loads.
	Root     string
	Files    []string
	Artifact string

	tmp string // removed by Close
}

// Open reads the model at path: a .slip bundle (checked and extracted to a
// temporary folder that Close removes) or a model file or folder. The
// model's format must be detectable, so a model that cannot be served is
// refused before anything is built.
func Open(path string) (*Model, error) {
	if bundle.IsBundle(path) {
		return openBundle(path)
	}
	f, err := model.Detect(path)
	if err != nil {
		return nil, err
	}
	path = filepath.Clean(path)
	base := filepath.Base(path)
	m := &Model{
		Name:     strings.TrimSuffix(base, filepath.Ext(base)),
		Format:   f.Name,
		Root:     filepath.Dir(path),
		Artifact: base,
	}
	if m.Files, err = listFiles(m.Root, base); err != nil {
		return nil, err
	}
	if m.Digest, err = m.filesDigest(); err != nil {
		return nil, err
	}
	return m, nil
}

func openBundle(path string) (*Model, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	tmp, err := os.MkdirTemp("", "slipway-bundle-")
	if err != nil {
		return nil, err
	}
	h := sha256.New()
	b, err := bundle.Extract(io.TeeReader(f, h), tmp, bundle.Limits{})
	if err == nil {
		// Hash the bytes after the tar's last entry too: the digest is the file's.
		_, err = io.Copy(h, f)
	}
	if err != nil {
		os.RemoveAll(tmp)
		return nil, fmt.Errorf("open bundle %s: %w", path, err)
	}
	m := &Model{
		Name:     b.Manifest.Name,
		Digest:   "sha256:" + hex.EncodeToString(h.Sum(nil)),
		Format:   b.Manifest.Format,
		Root:     tmp,
		Artifact: b.Manifest.Artifact,
		tmp:      tmp,
	}
	if b.Manifest.Version > 0 {
		m.Version = fmt.Sprint(b.Manifest.Version)
	}
	if m.Files, err = listFiles(tmp, "."); err != nil {
		m.Close()
		return nil, err
	}
	return m, nil
}

// Close removes the temporary copy of a bundle's files.
func (m *Model) Close() error {
	if m.tmp == "" {
		return nil
	}
	return os.RemoveAll(m.tmp)
}

// listFiles returns the regular files at or under root/sub, slash-separated
// relative to root and sorted. Anything else (a symlink, a device) is
// refused: an image holds exactly the bytes that were hashed.
func listFiles(root, sub string) ([]string, error) {
	var files []string
	err := filepath.WalkDir(filepath.Join(root, sub), func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return nil
		}
		if !d.Type().IsRegular() {
			return fmt.Errorf("model file %s: not a regular file", p)
		}
		rel, err := filepath.Rel(root, p)
		if err != nil {
			return err
		}
		files = append(files, filepath.ToSlash(rel))
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("list model files: %w", err)
	}
	slices.Sort(files)
	return files, nil
}

// filesDigest is the file's sha256 for a one-file model; for a folder it is
// the sha256 of sha256sum's output over its files ("HEX  PATH\n", sorted).
func (m *Model) filesDigest() (string, error) {
	if len(m.Files) == 1 && m.Files[0] == m.Artifact {
		sum, err := fileSHA256(filepath.Join(m.Root, m.Artifact))
		return "sha256:" + sum, err
	}
	h := sha256.New()
	for _, f := range m.Files {
		sum, err := fileSHA256(filepath.Join(m.Root, filepath.FromSlash(f)))
		if err != nil {
			return "", err
		}
		fmt.Fprintf(h, "%s  %s\n", sum, f)
	}
	return "sha256:" + hex.EncodeToString(h.Sum(nil)), nil
}

func fileSHA256(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", fmt.Errorf("hash %s: %w", path, err)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
