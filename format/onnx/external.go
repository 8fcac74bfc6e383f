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
	root *os.Root
}

func openExternal(dir string) (*externalData, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	return &externalData{root: root}, nil
}

func (e *externalData) Close() error {
	if e == nil {
		return nil
	}
	return e.root.Close()
}

// read returns the size bytes that tp's external_data entries locate.
func (e *externalData) read(tp *onnxpb.TensorProto, size int) ([]byte, error) {
	var location string
	var offset, length int64 = 0, -1
	for _, kv := range tp.ExternalData {
		var err error
		switch kv.GetKey() {
		case "location":
			location = kv.GetValue()
		case "offset":
			offset, err = strconv.ParseInt(kv.GetValue(), 10, 64)
		case "length":
			length, err = strconv.ParseInt(kv.GetValue(), 10, 64)
		}
		if err != nil || offset < 0 {
			return nil, fmt.Errorf("external data %s %q is not a non-negative integer", kv.GetKey(), kv.GetValue())
		}
	}
	// filepath.IsLocal refuses absolute paths, "..", and empty names;
	// os.Root also refuses symbolic links that leave the folder.
	if !filepath.IsLocal(location) {
		return nil, fmt.Errorf("%w: %q", ErrExternalPath, location)
	}
	if e == nil {
		return nil, fmt.Errorf("external data %q: the model was not loaded from a folder", location)
	}
	if length >= 0 && length != int64(size) {
		return nil, fmt.Errorf("external data %q: length %d, the tensor needs %d bytes", location, length, size)
	}
	f, err := e.root.Open(location)
	if err != nil {
		return nil, fmt.Errorf("external data: %w", err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("external data: %w", err)
	}
	if offset > fi.Size() || fi.Size()-offset < int64(size) {
		return nil, fmt.Errorf("external data %q holds %d bytes, the tensor needs %d at offset %d", location, fi.Size(), size, offset)
	}
	buf := make([]byte, size)
	if _, err := f.ReadAt(buf, offset); err != nil && err != io.EOF {
		return nil, fmt.Errorf("external data %q: %w", location, err)
	}
	return buf, nil
}
