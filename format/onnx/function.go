package onnx

import (
	"fmt"
	"maps"

	"google.golang.org/protobuf/proto"

	"github.com/slipwayml/slipway/format/onnx/onnxpb"
	"github.com/slipwayml/slipway/format/onnx/ops"
)

// functions indexes a model's local functions by domain, name and
// overload.
type functions map[string]*onnxpb.FunctionProto

func functionKey(domain, name, overload string) string {
	return ops.Domain(domain) + "\x00" + name + "\x00" + overload
}

func indexFunctions(list []*onnxpb.FunctionProto) (functions, error) {
	fs := functions{}
	for _, f := range list {
		k := functionKey(f.GetDomain(), f.GetName(), f.GetOverload())
		if _, dup := fs[k]; dup {
			return nil, fmt.Errorf("function %s is defined twice", ops.Qualified(ops.Domain(f.GetDomain()), f.GetName()))
		}
		fs[k] = f
	}
	return fs, nil
}

func (fs functions) lookup(domain, name, overload string) *onnxpb.FunctionProto {
	return fs[functionKey(domain, name, overload)]
}

// inline compiles a call of a model-local function by expanding its body
// in place: formal inputs and outputs become the call's values, the body's
// own values get names unique to the call, attribute references take the
// call's attributes (or the function's defaults), and the body's operator
// sets are those the function imports.
func (c *compiler) inline(call *onnxpb.NodeProto, name string, f *onnxpb.FunctionProto, depth int) error {
	fail := func(err error) error {
		return &NodeError{Node: name, Op: ops.Qualified(ops.Domain(call.GetDomain()), call.GetOpType()), Err: err}
	}
	if depth >= maxGraphDepth {
		return fail(fmt.Errorf("functions nested deeper than %d", maxGraphDepth))
	}
	rename := map[string]string{"": ""}
	for i, formal := range f.Input {
		rename[formal] = ""
		if i < len(call.Input) {
			rename[formal] = call.Input[i]
		}
	}
	for i, formal := range f.Output {
		rename[formal] = ""
		if i < len(call.Output) {
			rename[formal] = call.Output[i]
		}
	}
	local := func(n string) string {
		if r, ok := rename[n]; ok {
			return r
		}
		return name + "/" + n
	}
	attrs := map[string]*onnxpb.AttributeProto{}
	for _, a := range f.AttributeProto {
		attrs[a.GetName()] = a
	}
	for _, a := range call.Attribute {
		attrs[a.GetName()] = a
	}
	body := make([]*onnxpb.NodeProto, len(f.Node))
	for i, n := range f.Node {
		b := proto.Clone(n).(*onnxpb.NodeProto)
		for j, in := range b.Input {
			b.Input[j] = local(in)
		}
		for j, out := range b.Output {
			b.Output[j] = local(out)
		}
		b.Attribute = b.Attribute[:0]
		for _, orig := range n.Attribute {
			a := orig
			if ref := orig.GetRefAttrName(); ref != "" {
				v, ok := attrs[ref]
				if !ok {
					continue // an optional attribute the call leaves out
				}
				a = proto.Clone(v).(*onnxpb.AttributeProto)
				a.Name = orig.Name
			}
			b.Attribute = append(b.Attribute, a)
		}
		body[i] = b
	}
	opsets := maps.Clone(c.opsets)
	for _, o := range f.OpsetImport {
		opsets[ops.Domain(o.GetDomain())] = int(o.GetVersion())
	}
	saved := c.opsets
	c.opsets = opsets
	defer func() { c.opsets = saved }()
	order, err := topoSort(body, c.ids)
	if err != nil {
		return fail(err)
	}
	for _, i := range order {
		if err := c.node(body[i], name+"/"+nodeName(f.Node[i], i), "", depth+1); err != nil {
			return err
		}
	}
	return nil
}
