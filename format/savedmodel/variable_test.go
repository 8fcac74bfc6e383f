package savedmodel

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/slipwayml/slipway/format/savedmodel/tfpb"
	"github.com/slipwayml/slipway/model"
	"github.com/slipwayml/slipway/tensor"
)

// TestVariableUpdates runs v = 10; v += 5; v -= 2 with TF2 resource ops
// and with TF1 reference ops.
func TestVariableUpdates(t *testing.T) {
	node := func(name, op string, in ...string) *tfpb.NodeDef {
		return &tfpb.NodeDef{Name: name, Op: op, Input: in}
	}
	for _, c := range []struct {
		name string
		defs []*tfpb.NodeDef
	}{
		{"resource", []*tfpb.NodeDef{
			node("init", "Placeholder"), node("d", "Placeholder"), node("e", "Placeholder"),
			node("v", "VarHandleOp"),
			node("assign", "AssignVariableOp", "v", "init"),
			node("add", "AssignAddVariableOp", "v", "d", "^assign"),
			node("sub", "AssignSubVariableOp", "v", "e", "^add"),
			node("out", "ReadVariableOp", "v", "^sub"),
		}},
		{"reference", []*tfpb.NodeDef{
			node("init", "Placeholder"), node("d", "Placeholder"), node("e", "Placeholder"),
			node("v", "VariableV2"),
			node("assign", "Assign", "v", "init"),
			node("add", "AssignAdd", "assign", "d"),
			node("sub", "AssignSub", "add", "e"),
			node("out", "Identity", "sub"),
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			g, err := newGraph("", c.defs, nil)
			if err != nil {
				t.Fatal(err)
			}
			feeds := map[endpoint]value{}
			for i, v := range []float32{10, 5, 2} {
				feeds[endpoint{node: g.nodes[i]}] = tensorValue(mustT([]int{}, v))
			}
			fetch := []endpoint{{node: g.byName["out"]}}
			s := &session{}
			if err := s.check(g, feeds, fetch, nil, map[*graph]bool{}); err != nil {
				t.Fatal(err)
			}
			out, err := s.run(context.Background(), g, feeds, fetch, nil, 0)
			if err != nil {
				t.Fatal(err)
			}
			got, err := out[0].tensor()
			if err != nil {
				t.Fatal(err)
			}
			if v, _ := tensor.Values[float32](got); len(v) != 1 || v[0] != 13 {
				t.Errorf("v = %v, want 13", got.Data())
			}
		})
	}
}

// TestCorpusCounter drives TF Serving's stateful counter model.
func TestCorpusCounter(t *testing.T) {
	m, err := Load(context.Background(), filepath.Join(corpus(t), "tfserving__saved_model_counter"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	steps := []struct {
		sig  string
		in   model.Tensors
		want float32
	}{
		{"get_counter", model.Tensors{}, 0},
		{"incr_counter", model.Tensors{}, 1},
		{"incr_counter_by", model.Tensors{"delta": mustT([]int{}, float32(2.5))}, 3.5},
		{"get_counter", model.Tensors{}, 3.5},
		{"reset_counter", model.Tensors{}, 0},
	}
	for _, s := range steps {
		out, err := m.PredictSignature(ctx, s.sig, s.in, nil)
		if err != nil {
			t.Fatalf("%s: %v", s.sig, err)
		}
		if v, _ := tensor.Values[float32](out["output"]); len(v) != 1 || v[0] != s.want {
			t.Errorf("%s = %v, want %v", s.sig, out["output"].Data(), s.want)
		}
	}
}
