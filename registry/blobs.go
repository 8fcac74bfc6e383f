package registry

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// ErrDigest reports a blob whose bytes no longer hash to its name.
var ErrDigest = errors.New("blob digest mismatch")

// Blobs is a content-addressed store: a blob lives at sha256/<hex> under
// its folder and is named "sha256:<hex>". Writers never expose a partial
// blob: they write a temporary file, fsync it and rename it into place.
// Blobs is safe for concurrent use by several processes.
type Blobs struct {
	dir string
}

// OpenBlobs returns the blob store in dir, creating it if needed.
func OpenBlobs(dir string) (*Blobs, error) {
	if err := os.MkdirAll(filepath.Join(dir, "sha256"), 0o755); err != nil {
		return nil, fmt.Errorf("blob store: %w", err)
	}
	return &Blobs{dir: dir}, nil
}

// path returns where digest is stored, refusing anything but a sha256
// digest so a digest can never name a path outside the store.
func (b *Blobs) path(digest string) (string, error) {
	hexsum, ok := strings.CutPrefix(digest, "sha256:")
	if !ok || !hexDigest(hexsum) {
		return "", fmt.Errorf("%w: blob digest %q", ErrInvalid, digest)
	}
	return filepath.Join(b.dir, "sha256", hexsum), nil
}

func hexDigest(s string) bool {
	if len(s) != sha256.Size*2 {
		return false
	}
	_, err := hex.DecodeString(s)
	return err == nil && strings.ToLower(s) == s
}

// Put stores r's bytes and returns their digest and size.
func (b *Blobs) Put(r io.Reader) (digest string, size int64, err error) {
	tmp, err := os.CreateTemp(filepath.Join(b.dir, "sha256"), ".tmp-*")
	if err != nil {
		return "", 0, fmt.Errorf("store blob: %w", err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	h := sha256.New()
	if size, err = io.Copy(io.MultiWriter(tmp, h), r); err != nil {
		return "", 0, fmt.Errorf("store blob: %w", err)
	}
	// Blobs are immutable; read-only files say so to anyone looking.
	if err = tmp.Chmod(0o444); err != nil {
		return "", 0, fmt.Errorf("store blob: %w", err)
	}
	if err = tmp.Sync(); err != nil {
		return "", 0, fmt.Errorf("store blob: %w", err)
	}
	if err = tmp.Close(); err != nil {
		return "", 0, fmt.Errorf("store blob: %w", err)
	}
	digest = "sha256:" + hex.EncodeToString(h.Sum(nil))
	dst, _ := b.path(digest)
	if err = os.Rename(tmp.Name(), dst); err != nil {
		return "", 0, fmt.Errorf("store blob: %w", err)
	}
	// The rename is durable only once the folder is synced too.
	if err = syncDir(filepath.Dir(dst)); err != nil {
		return "", 0, fmt.Errorf("store blob: %w", err)
	}
	return digest, size, nil
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

// Open returns the blob, positioned at its start, after checking that it
// still hashes to digest. The caller closes it.
func (b *Blobs) Open(digest string) (*os.File, error) {
	p, err := b.path(digest)
	if err != nil {
		return nil, err
	}
	f, err := os.Open(p)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("blob %s: %w", digest, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("blob %s: %w", digest, err)
	}
	if err := check(f, digest); err != nil {
		f.Close()
		return nil, err
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		f.Close()
		return nil, fmt.Errorf("blob %s: %w", digest, err)
	}
	return f, nil
}

func check(r io.Reader, digest string) error {
	h := sha256.New()
	if _, err := io.Copy(h, r); err != nil {
		return fmt.Errorf("blob %s: %w", digest, err)
	}
	if got := "sha256:" + hex.EncodeToString(h.Sum(nil)); got != digest {
		return fmt.Errorf("blob %s: %w: content hashes to %s", digest, ErrDigest, got)
	}
	return nil
}

// Verify re-hashes every blob in the store and returns one error per blob
// that is damaged or is not a blob at all; the error is for the walk
// itself.
func (b *Blobs) Verify(ctx context.Context) (problems []error, err error) {
	entries, err := os.ReadDir(filepath.Join(b.dir, "sha256"))
	if err != nil {
		return nil, fmt.Errorf("verify blobs: %w", err)
	}
	for _, e := range entries {
		if err := ctx.Err(); err != nil {
			return problems, err
		}
		if strings.HasPrefix(e.Name(), ".tmp-") {
			continue // an interrupted Put, not a blob
		}
		digest := "sha256:" + e.Name()
		if !e.Type().IsRegular() || !hexDigest(e.Name()) {
			problems = append(problems, fmt.Errorf("%s: not a blob", filepath.Join(b.dir, "sha256", e.Name())))
			continue
		}
		if err := b.verifyOne(digest); err != nil {
			problems = append(problems, err)
		}
	}
	return problems, nil
}

func (b *Blobs) verifyOne(digest string) error {
	f, err := b.Open(digest)
	if err != nil {
		return err
	}
	return f.Close()
}
