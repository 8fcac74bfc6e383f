package bundle

import (
	"archive/tar"
	"encoding/json"
	"fmt"
	"io"
	"time"
)

// epoch is the modification time of every entry, so equal contents give
// equal bytes.
var epoch = time.Unix(0, 0).UTC()

// writeTar writes the manifest, then the entries sorted by path, filling in
// man.Files.
func writeTar(w io.Writer, man *Manifest, entries []entry) error {
	sortEntries(entries)
	man.Files = make([]File, len(entries))
	for i, e := range entries {
		man.Files[i] = e.file
	}
	mb, err := json.MarshalIndent(man, "", "  ")
	if err != nil {
		return err
	}
	tw := tar.NewWriter(w)
	if err := writeEntry(tw, bytesEntry(ManifestPath, append(mb, '\n'))); err != nil {
		return err
	}
	for _, e := range entries {
		if err := writeEntry(tw, e); err != nil {
			return err
		}
	}
	return tw.Close()
}

func writeEntry(tw *tar.Writer, e entry) error {
	hdr := &tar.Header{
		Typeflag: tar.TypeReg,
		Name:     e.file.Path,
		Size:     e.file.Size,
		Mode:     0o644,
		ModTime:  epoch,
		Format:   tar.FormatPAX,
	}
	if err := tw.WriteHeader(hdr); err != nil {
		return fmt.Errorf("write %s: %w", e.file.Path, err)
	}
	r, err := e.open()
	if err != nil {
		return err
	}
	defer r.Close()
	// A file that changed since it was hashed fails here on its size;
	// Read catches a changed digest.
	if _, err := io.Copy(tw, r); err != nil {
		return fmt.Errorf("write %s: %w", e.file.Path, err)
	}
	return nil
}
