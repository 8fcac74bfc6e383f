package onnx

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"

	"github.com/slipwayml/slipway/format/onnx/onnxpb"
)

// ErrExternalPath is wrapped by the error for an external data location
// that is not a relative path inside the model's folder.
var ErrExternalPath = errors.New("external data location must be a relative path inside the model folder")

// externalData reads tensor bytes stored beside the model. A nil
// *externalData refuses external data (a model given as bytes).
type externalData struct {
	root  *os.Root
	files map[any]*externalFile // by fileKey, so a file's names share one
}

// externalFile is what tensors took from one file. Tensors naming the same
// bytes share one copy; distinct regions may not add up to more than the
// file holds, or a small model could claim its data file many times over.
type externalFile struct {
	free    int64
	regions map[[2]int64][]byte // by offset and size
}

func openExternal(dir string) (*externalData, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	return &externalData{root: root, files: map[any]*externalFile{}}, nil
}

func (e *externalData) Close() error {
	if e == nil {
		return nil
	}
	return e.root.Close()
}

// read returns the size bytes that tp's external_data entries locate.
func (e *externalData) read(tp *onnxpb.TensorProto, size int) ([]byte, error) {
	loc, err := parseLocation(tp.ExternalData)
	if err != nil {
		return nil, err
	}
	if e == nil {
		return nil, fmt.Errorf("external data %q: the model was not loaded from a folder", loc.name)
	}
	if loc.length >= 0 && loc.length != int64(size) {
		return nil, fmt.Errorf("external data %q: length %d, the tensor needs %d bytes", loc.name, loc.length, size)
	}
	f, fi, err := e.open(loc.name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if loc.offset > fi.Size() || fi.Size()-loc.offset < int64(size) {
		return nil, fmt.Errorf("external data %q holds %d bytes, the tensor needs %d at offset %d", loc.name, fi.Size(), size, loc.offset)
	}
	key := fileKey(loc.name, fi)
	ef := e.files[key]
	if ef == nil {
		ef = &externalFile{free: fi.Size(), regions: map[[2]int64][]byte{}}
		e.files[key] = ef
	}
	region := [2]int64{loc.offset, int64(size)}
	if buf, ok := ef.regions[region]; ok {
		return buf, nil
	}
	if int64(size) > ef.free {
		return nil, fmt.Errorf("external data %q: tensors claim more than its %d bytes (overlapping regions)", loc.name, fi.Size())
	}
	buf := make([]byte, size)
	if _, err := f.ReadAt(buf, loc.offset); err != nil && err != io.EOF {
		return nil, fmt.Errorf("external data %q: %w", loc.name, err)
	}
	ef.free -= int64(size)
	ef.regions[region] = buf
	return buf, nil
}

// location is where a tensor's external_data entries put its bytes.
type location struct {
	name           string
	offset, length int64 // length is -1 when not given
}

func parseLocation(entries []*onnxpb.StringStringEntryProto) (location, error) {
	loc := location{length: -1}
	for _, kv := range entries {
		switch kv.GetKey() {
		case "location":
			loc.name = kv.GetValue()
		case "offset", "length":
			v, err := strconv.ParseInt(kv.GetValue(), 10, 64)
			if err != nil || v < 0 {
				return location{}, fmt.Errorf("external data %s %q is not a non-negative integer", kv.GetKey(), kv.GetValue())
			}
			if kv.GetKey() == "offset" {
				loc.offset = v
			} else {
				loc.length = v
			}
		}
	}
	// filepath.IsLocal refuses absolute paths, "..", and empty names;
	// os.Root also refuses symbolic links that leave the folder.
	if !filepath.IsLocal(loc.name) {
		return location{}, fmt.Errorf("%w: %q", ErrExternalPath, loc.name)
	}
	return loc, nil
}

// open opens the regular file name in the model's folder: opening a FIFO
// would block the load forever.
func (e *externalData) open(name string) (*os.File, os.FileInfo, error) {
	fi, err := e.root.Stat(name)
	if err != nil {
		return nil, nil, fmt.Errorf("external data: %w", err)
	}
	if !fi.Mode().IsRegular() {
		return nil, nil, fmt.Errorf("external data %q is not a regular file", name)
	}
	f, err := e.root.Open(name)
	if err != nil {
		return nil, nil, fmt.Errorf("external data: %w", err)
	}
	if fi, err = f.Stat(); err != nil {
		f.Close()
		return nil, nil, fmt.Errorf("external data: %w", err)
	}
	return f, fi, nil
}
