package bundle

import (
	"archive/tar"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// ErrInvalid reports a bundle that is malformed, unsafe or does not match its
// manifest.
var ErrInvalid = errors.New("invalid bundle")

// Limits bound what reading a bundle accepts. The zero value uses the
// defaults.
type Limits struct {
	MaxFiles     int   // entries besides the manifest; default 10,000
	MaxFileSize  int64 // one artifact; default 16 GiB
	MaxTotalSize int64 // all entries; default 64 GiB
	MaxMetaSize  int64 // manifest, examples, stats (held in memory); default 64 MiB
}

func (l Limits) withDefaults() Limits {
	if l.MaxFiles <= 0 {
		l.MaxFiles = 10_000
	}
	if l.MaxFileSize <= 0 {
		l.MaxFileSize = 16 << 30
	}
	if l.MaxTotalSize <= 0 {
		l.MaxTotalSize = 64 << 30
	}
	if l.MaxMetaSize <= 0 {
		l.MaxMetaSize = 64 << 20
	}
	return l
}

// Bundle is a bundle's manifest and its in-memory parts.
type Bundle struct {
	Manifest Manifest  `json:"manifest"`
	Examples []Example `json:"examples"`
	Stats    *Stats    `json:"stats"`
}

// Read checks a bundle without keeping its artifacts: every entry must be a
// regular file at a safe path, listed in the manifest with its size and
// sha256. r is untrusted.
func Read(r io.Reader, lim Limits) (*Bundle, error) {
	return read(r, lim, func(string) (io.WriteCloser, error) { return nopWriteCloser{io.Discard}, nil })
}

// Extract checks a bundle as Read does and writes its files under dir, which
// should be new and empty. On error dir may hold part of the bundle; the
// caller removes it.
func Extract(r io.Reader, dir string, lim Limits) (*Bundle, error) {
	b, err := read(r, lim, func(name string) (io.WriteCloser, error) {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return nil, err
		}
		return os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	})
	if err != nil {
		return nil, err
	}
	if err := WriteManifest(dir, &b.Manifest); err != nil {
		return nil, err
	}
	return b, nil
}

// WriteManifest writes man to dir/manifest.json, e.g. after the registry
// assigned a version.
func WriteManifest(dir string, man *Manifest) error {
	b, err := json.MarshalIndent(man, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, ManifestPath), append(b, '\n'), 0o644)
}

// ArtifactPath is where model.Load finds the model of a bundle extracted to dir.
func (b *Bundle) ArtifactPath(dir string) string {
	return filepath.Join(dir, filepath.FromSlash(b.Manifest.Artifact))
}

func invalid(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrInvalid, fmt.Sprintf(format, args...))
}

func read(r io.Reader, lim Limits, create func(name string) (io.WriteCloser, error)) (*Bundle, error) {
	lim = lim.withDefaults()
	tr := tar.NewReader(r)
	hdr, err := next(tr)
	if err != nil {
		return nil, err
	}
	if hdr == nil || hdr.Name != ManifestPath {
		return nil, invalid("first entry must be %s", ManifestPath)
	}
	raw, err := readMeta(tr, hdr, lim)
	if err != nil {
		return nil, err
	}
	b := &Bundle{}
	if err := json.Unmarshal(raw, &b.Manifest); err != nil {
		return nil, invalid("%s: %v", ManifestPath, err)
	}
	if err := b.Manifest.validate(); err != nil {
		return nil, invalid("%v", err)
	}
	want := make(map[string]File, len(b.Manifest.Files))
	for _, f := range b.Manifest.Files {
		want[f.Path] = f
	}
	if len(want) > lim.MaxFiles {
		return nil, invalid("%d files, more than the limit of %d", len(want), lim.MaxFiles)
	}
	var total int64
	for {
		hdr, err := next(tr)
		if err != nil {
			return nil, err
		}
		if hdr == nil {
			break
		}
		f, ok := want[hdr.Name]
		if !ok {
			return nil, invalid("entry %q is not in the manifest (or appears twice)", hdr.Name)
		}
		delete(want, hdr.Name)
		if hdr.Size != f.Size {
			return nil, invalid("%s: size %d, manifest says %d", f.Path, hdr.Size, f.Size)
		}
		if total += f.Size; f.Size > lim.MaxFileSize || total > lim.MaxTotalSize {
			return nil, invalid("%s: over the size limit", f.Path)
		}
		if err := copyVerified(tr, f, b, lim, create); err != nil {
			return nil, err
		}
	}
	for _, f := range b.Manifest.Files {
		if _, missing := want[f.Path]; missing {
			return nil, invalid("%s is in the manifest but not in the bundle", f.Path)
		}
	}
	return b, nil
}

// next returns the next header, or nil at the end, refusing anything but
// regular files at safe paths.
func next(tr *tar.Reader) (*tar.Header, error) {
	hdr, err := tr.Next()
	if err == io.EOF {
		return nil, nil
	}
	if err != nil {
		return nil, invalid("%v", err)
	}
	if hdr.Typeflag != tar.TypeReg {
		return nil, invalid("entry %q: type %q is not a regular file", hdr.Name, hdr.Typeflag)
	}
	if err := checkPath(hdr.Name); err != nil {
		return nil, invalid("entry: %v", err)
	}
	return hdr, nil
}

func readMeta(tr *tar.Reader, hdr *tar.Header, lim Limits) ([]byte, error) {
	if hdr.Size > lim.MaxMetaSize {
		return nil, invalid("%s: %d bytes, over the limit of %d", hdr.Name, hdr.Size, lim.MaxMetaSize)
	}
	b, err := io.ReadAll(tr)
	if err != nil {
		return nil, invalid("%s: %v", hdr.Name, err)
	}
	return b, nil
}

// copyVerified streams one entry to its destination while hashing it, and
// keeps the examples and stats in b.
func copyVerified(tr *tar.Reader, f File, b *Bundle, lim Limits, create func(string) (io.WriteCloser, error)) error {
	w, err := create(f.Path)
	if err != nil {
		return fmt.Errorf("extract %s: %w", f.Path, err)
	}
	h := sha256.New()
	var meta bytes.Buffer
	dst := io.MultiWriter(w, h)
	isMeta := f.Path == ExamplesPath || f.Path == StatsPath
	if isMeta {
		if f.Size > lim.MaxMetaSize {
			w.Close()
			return invalid("%s: %d bytes, over the limit of %d", f.Path, f.Size, lim.MaxMetaSize)
		}
		dst = io.MultiWriter(dst, &meta)
	}
	_, err = io.Copy(dst, tr)
	if cerr := w.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("extract %s: %w", f.Path, err)
	}
	if got := hex.EncodeToString(h.Sum(nil)); got != f.SHA256 {
		return invalid("%s: sha256 %s, manifest says %s", f.Path, got, f.SHA256)
	}
	switch f.Path {
	case ExamplesPath:
		ex, err := parseExamples(meta.Bytes(), ExamplesPath)
		if err != nil {
			return invalid("%v", err)
		}
		b.Examples = ex
	case StatsPath:
		if err := json.Unmarshal(meta.Bytes(), &b.Stats); err != nil {
			return invalid("%s: %v", StatsPath, err)
		}
	}
	return nil
}

type nopWriteCloser struct{ io.Writer }

func (nopWriteCloser) Close() error { return nil }

// IsBundle reports whether the file at path looks like a bundle: a tar whose
// first entry is the manifest. It reads only the first header.
func IsBundle(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	hdr, err := tar.NewReader(f).Next()
	return err == nil && hdr.Name == ManifestPath
}
