package image

import (
	"archive/tar"
	"bytes"
	"encoding/json"
	"fmt"
	"io"

	"github.com/google/go-containerregistry/pkg/name"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/partial"
	"github.com/google/go-containerregistry/pkg/v1/tarball"
	"github.com/google/go-containerregistry/pkg/v1/types"
)

// Write writes r to w as a tar: for OCI, an OCI image layout (what skopeo
// calls oci-archive) whose index names the image tag; for Docker, the
// format of `docker save`, which holds one platform only.
func Write(w io.Writer, r Result, format Format, tag string) error {
	if format == Docker {
		return writeDocker(w, r, tag)
	}
	return writeOCI(w, r, tag)
}

func writeDocker(w io.Writer, r Result, tag string) error {
	if r.Index != nil {
		return fmt.Errorf("the docker format holds one platform; use --format oci for several")
	}
	ref, err := name.NewTag(tag)
	if err != nil {
		return fmt.Errorf("image tag: %w", err)
	}
	return tarball.Write(ref, r.Image, w)
}

// writeOCI writes the layout's files in a fixed order with fixed metadata,
// so equal images give equal archives.
func writeOCI(w io.Writer, r Result, tag string) error {
	ow := &ociWriter{tw: tar.NewWriter(w), seen: map[v1.Hash]bool{}}
	desc, err := partial.Descriptor(r.taggable())
	if err != nil {
		return err
	}
	if tag != "" {
		desc.Annotations = map[string]string{"org.opencontainers.image.ref.name": tag}
	}
	index, err := json.Marshal(v1.IndexManifest{
		SchemaVersion: 2, MediaType: types.OCIImageIndex, Manifests: []v1.Descriptor{*desc},
	})
	if err != nil {
		return err
	}
	ow.dir("blobs/")
	ow.dir("blobs/sha256/")
	ow.bytes("oci-layout", []byte(`{"imageLayoutVersion":"1.0.0"}`))
	ow.bytes("index.json", index)
	if r.Index != nil {
		ow.index(r.Index)
	} else {
		ow.image(r.Image)
	}
	if ow.err != nil {
		return ow.err
	}
	return ow.tw.Close()
}

// ociWriter writes blobs once each and keeps the first error.
type ociWriter struct {
	tw   *tar.Writer
	seen map[v1.Hash]bool
	err  error
}

func (o *ociWriter) header(name string, typ byte, size int64) {
	if o.err == nil {
		o.err = o.tw.WriteHeader(&tar.Header{
			Typeflag: typ, Name: name, Size: size, Mode: 0o644, ModTime: epoch, Format: tar.FormatPAX,
		})
	}
}

func (o *ociWriter) dir(name string) { o.header(name, tar.TypeDir, 0) }

func (o *ociWriter) bytes(name string, b []byte) {
	o.header(name, tar.TypeReg, int64(len(b)))
	if o.err == nil {
		_, o.err = o.tw.Write(b)
	}
}

// blob writes the blob h unless already written; open is called only then.
func (o *ociWriter) blob(h v1.Hash, size int64, open func() (io.ReadCloser, error)) {
	if o.err != nil || o.seen[h] {
		return
	}
	o.seen[h] = true
	rc, err := open()
	if err != nil {
		o.err = err
		return
	}
	defer rc.Close()
	o.header("blobs/"+h.Algorithm+"/"+h.Hex, tar.TypeReg, size)
	if o.err == nil {
		if _, err := io.Copy(o.tw, rc); err != nil {
			o.err = fmt.Errorf("write blob %s: %w", h, err)
		}
	}
}

func (o *ociWriter) raw(raw func() ([]byte, error)) {
	b, err := raw()
	if err != nil {
		o.err = err
		return
	}
	h, _, err := v1.SHA256(bytes.NewReader(b))
	if err != nil {
		o.err = err
		return
	}
	o.blob(h, int64(len(b)), func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(b)), nil })
}

func (o *ociWriter) index(idx v1.ImageIndex) {
	o.raw(idx.RawManifest)
	im, err := idx.IndexManifest()
	if err != nil {
		o.err = err
		return
	}
	for _, d := range im.Manifests {
		img, err := idx.Image(d.Digest)
		if err != nil {
			o.err = err
			return
		}
		o.image(img)
	}
}

func (o *ociWriter) image(img v1.Image) {
	o.raw(img.RawManifest)
	o.raw(img.RawConfigFile)
	layers, err := img.Layers()
	if err != nil {
		o.err = err
		return
	}
	for _, l := range layers {
		h, err := l.Digest()
		if err != nil {
			o.err = err
			return
		}
		size, err := l.Size()
		if err != nil {
			o.err = err
			return
		}
		o.blob(h, size, l.Compressed)
	}
}
