package onnx

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"

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

// ErrLoadPanic is wrapped by the error of a load that panicked (a bug in
// Slipway) or faulted reading the mapped model file (truncated while it
// loaded), instead of crashing the process.
var ErrLoadPanic = errors.New("load panicked")

func parse(data []byte, ext *externalData) (m *Model, err error) {
	// A fault touching data becomes a panic on this goroutine, which the
	// recover below turns into the load's error.
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%w: %v", ErrLoadPanic, r)
		}
	}()
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
	if err := checkNodeCounts("the graph", mp.Graph.Node); err != nil {
		return nil, err
	}
	for _, f := range mp.Functions {
		if err := checkNodeCounts(fmt.Sprintf("function %q", f.GetName()), f.Node); err != nil {
			return nil, err
		}
	}
	funcs, err := indexFunctions(mp.Functions)
	if err != nil {
		return nil, err
	}
	g, err := compileGraph(mp.Graph, opsets, funcs, ext)
	if err != nil {
		return nil, err
	}
	dropUnread(g)
	return newModel(&mp, g, opsets)
}

// dropUnread forgets the constants no step reads and no output returns:
// the inputs of folded nodes, such as a weight folded into its transpose,
// would otherwise stay in memory beside the result.
func dropUnread(g *graph) {
	read := make([]bool, len(g.consts))
	for _, s := range g.steps {
		for _, id := range s.in {
			if id >= 0 {
				read[id] = true
			}
		}
	}
	for _, p := range g.outputs {
		read[p.id] = true
	}
	for id := range g.consts {
		if !read[id] {
			g.consts[id] = nil
		}
	}
}

// maxGraphNodes bounds the nodes of one graph or function body: ordering
// them recurses as deep as their longest chain, and a stack overflow would
// end the process.
const maxGraphNodes = 1 << 19

// checkNodeCounts refuses a graph or function body, named name, holding
// more than maxGraphNodes nodes, or holding subgraphs that do.
func checkNodeCounts(name string, nodes []*onnxpb.NodeProto) error {
	if len(nodes) > maxGraphNodes {
		return fmt.Errorf("%s has %d nodes, more than the limit of %d", name, len(nodes), maxGraphNodes)
	}
	for _, n := range nodes {
		for _, a := range n.Attribute {
			for _, sub := range append([]*onnxpb.GraphProto{a.G}, a.Graphs...) {
				if err := checkNodeCounts(fmt.Sprintf("subgraph %q", sub.GetName()), sub.GetNode()); err != nil {
					return err
				}
			}
		}
	}
	return nil
}
