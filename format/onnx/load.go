package onnx

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"google.golang.org/protobuf/proto"

	"github.com/slipwayml/slipway/format/onnx/onnxpb"
	"github.com/slipwayml/slipway/format/onnx/ops"
	"github.com/slipwayml/slipway/model"
)

func init() {
	model.Register(model.Format{
		Name: "onnx",
		Detect: func(path string, head []byte, isDir bool) bool {
			return !isDir && IsONNX(head)
		},
		Load: func(ctx context.Context, path string) (model.Model, error) { return Load(path) },
	})
}

// ErrUnsupported is wrapped by errors for valid ONNX features Slipway does
// not implement yet.
var ErrUnsupported = ops.ErrUnsupported

// MaxModelBytes bounds the size of a model file: protobuf messages cannot
// exceed 2 GiB, larger weights live in external data files.
const MaxModelBytes = 2<<30 - 1

// Load reads the ONNX model at path; external data is read from the
// model's folder.
func Load(path string) (*Model, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if fi.Size() > MaxModelBytes {
		return nil, fmt.Errorf("%s is %d bytes, more than the protobuf limit of %d", path, fi.Size(), MaxModelBytes)
	}
	data, release, err := readModel(f, fi.Size())
	if err != nil {
		return nil, err
	}
	defer release()
	ext, err := openExternal(filepath.Dir(path))
	if err != nil {
		return nil, err
	}
	defer ext.Close()
	return parse(data, ext)
}

// Parse decodes a model from its serialized ModelProto. A model parsed
// from bytes cannot refer to external data.
func Parse(data []byte) (*Model, error) { return parse(data, nil) }

func parse(data []byte, ext *externalData) (*Model, error) {
	var mp onnxpb.ModelProto
	if err := proto.Unmarshal(data, &mp); err != nil {
		return nil, fmt.Errorf("decode ONNX ModelProto: %w", err)
	}
	if mp.Graph == nil || mp.GetIrVersion() < 0 {
		return nil, fmt.Errorf("not an ONNX model: no graph")
	}
	opsets := map[string]int{}
	for _, o := range mp.OpsetImport {
		if o.GetVersion() <= 0 || o.GetVersion() > 1<<20 {
			return nil, fmt.Errorf("opset import %q has version %d", o.GetDomain(), o.GetVersion())
		}
		opsets[ops.Domain(o.GetDomain())] = int(o.GetVersion())
	}
	funcs, err := indexFunctions(mp.Functions)
	if err != nil {
		return nil, err
	}
	g, err := compileGraph(mp.Graph, opsets, funcs, ext)
	if err != nil {
		return nil, err
	}
	return newModel(&mp, g, opsets)
}
