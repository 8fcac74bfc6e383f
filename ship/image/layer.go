package image

import (
	"archive/tar"
	"fmt"
	"io"
	"os"
	"path"
	"time"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/tarball"
	"github.com/google/go-containerregistry/pkg/v1/types"
)

// epoch is every timestamp an image holds, so that builds are reproducible.
var epoch = time.Unix(0, 0).UTC()

// file is one layer entry: a local file copied to a path in the image.
type file struct {
	path  string // slash-separated, relative to the image root
	local string
	mode  int64
}

// layer streams a tar of files, sorted by path and preceded by their
// folders, with fixed owners and times; the same files give the same digest.
func layer(files []file, mt types.MediaType) (v1.Layer, error) {
	return tarball.LayerFromOpener(func() (io.ReadCloser, error) {
		pr, pw := io.Pipe()
		go func() { pw.CloseWithError(writeLayer(pw, files)) }()
		return pr, nil
	}, tarball.WithMediaType(mt))
}

func writeLayer(w io.Writer, files []file) error {
	tw := tar.NewWriter(w)
	dirs := map[string]bool{}
	for _, f := range files {
		if err := writeDirs(tw, path.Dir(f.path), dirs); err != nil {
			return err
		}
		if err := writeFile(tw, f); err != nil {
			return err
		}
	}
	return tw.Close()
}

// writeDirs writes dir and its parents unless already written.
func writeDirs(tw *tar.Writer, dir string, written map[string]bool) error {
	if dir == "." || written[dir] {
		return nil
	}
	if err := writeDirs(tw, path.Dir(dir), written); err != nil {
		return err
	}
	written[dir] = true
	return tw.WriteHeader(&tar.Header{
		Typeflag: tar.TypeDir, Name: dir + "/", Mode: 0o755, ModTime: epoch, Format: tar.FormatPAX,
	})
}

func writeFile(tw *tar.Writer, f file) error {
	src, err := os.Open(f.local)
	if err != nil {
		return err
	}
	defer src.Close()
	fi, err := src.Stat()
	if err != nil {
		return err
	}
	hdr := &tar.Header{
		Typeflag: tar.TypeReg, Name: f.path, Mode: f.mode, Size: fi.Size(), ModTime: epoch, Format: tar.FormatPAX,
	}
	if err := tw.WriteHeader(hdr); err != nil {
		return err
	}
	// A file that changes while the layer is written would corrupt it.
	if n, err := io.Copy(tw, src); err != nil || n != fi.Size() {
		return fmt.Errorf("layer file %s: copied %d of %d bytes: %v", f.local, n, fi.Size(), err)
	}
	return nil
}
