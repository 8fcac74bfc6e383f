package savedmodel

import (
	"context"
	"errors"
	"maps"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"google.golang.org/protobuf/proto"

	"github.com/slipwayml/slipway/format/savedmodel/tfpb"
	"github.com/slipwayml/slipway/tensor"
)

// tf1Loop builds a while loop the way TF1's tf.while_loop exports it: an
// Enter, Merge, Switch, Identity, NextIteration and Exit per loop
// variable, a constant Enter per invariant, and LoopCond on the condition.
// cond and body see the loop variables (the Identity of each Switch's true
// output) and the invariants inside the frame; the body returns the next
// values. The Exit of variable k is prefix+"/exit"+k.
type tf1Loop struct {
	prefix     string
	ref        bool     // use the Ref* ops of TF1 reference variables
	vars       []string // initial values
	invariants []string
	cond       func(vars, invs []string) ([]*tfpb.NodeDef, string)
	body       func(vars, invs []string) ([]*tfpb.NodeDef, []string)
}

func (l tf1Loop) defs() []*tfpb.NodeDef {
	p := l.prefix + "/"
	op := func(name string) string {
		if l.ref {
			return "Ref" + name
		}
		return name
	}
	frame := map[string]*tfpb.AttrValue{"frame_name": sattr(l.prefix)}
	constant := map[string]*tfpb.AttrValue{"frame_name": sattr(l.prefix), "is_constant": battr(true)}
	var defs []*tfpb.NodeDef
	var merges, vars, invs []string
	for k, v := range l.vars {
		s := string(rune('0' + k))
		defs = append(defs,
			nodeDef(p+"enter"+s, op("Enter"), frame, v),
			nodeDef(p+"merge"+s, op("Merge"), nil, p+"enter"+s, p+"next"+s))
		merges = append(merges, p+"merge"+s)
	}
	for k, v := range l.invariants {
		name := p + "invariant" + string(rune('0'+k))
		defs = append(defs, nodeDef(name, op("Enter"), constant, v))
		invs = append(invs, name)
	}
	condDefs, pred := l.cond(merges, invs)
	defs = append(defs, condDefs...)
	defs = append(defs, nodeDef(p+"loop_cond", "LoopCond", nil, pred))
	for k := range l.vars {
		s := string(rune('0' + k))
		defs = append(defs,
			nodeDef(p+"switch"+s, op("Switch"), nil, p+"merge"+s, p+"loop_cond"),
			nodeDef(p+"identity"+s, "Identity", nil, p+"switch"+s+":1"),
			nodeDef(p+"exit"+s, op("Exit"), nil, p+"switch"+s))
		vars = append(vars, p+"identity"+s)
	}
	bodyDefs, next := l.body(vars, invs)
	defs = append(defs, bodyDefs...)
	for k, n := range next {
		s := string(rune('0' + k))
		defs = append(defs, nodeDef(p+"next"+s, op("NextIteration"), nil, n))
	}
	return defs
}

// constIn is a float constant run in the frame of ctl, as TF1 anchors a
// constant in a loop body or branch with a control input.
func constIn(name string, v float32, ctl string) *tfpb.NodeDef {
	n := constF(name, v)
	n.Input = []string{"^" + ctl}
	return n
}

func placeholder(name string, dt tfpb.DataType) *tfpb.NodeDef {
	return nodeDef(name, "Placeholder", map[string]*tfpb.AttrValue{"dtype": tattr(dt)})
}

// sumTo is a loop summing 1..n (the invariant) into its second variable.
func sumTo(prefix, i0, acc0, n string) tf1Loop {
	return tf1Loop{prefix: prefix, vars: []string{i0, acc0}, invariants: []string{n},
		cond: func(v, c []string) ([]*tfpb.NodeDef, string) {
			return []*tfpb.NodeDef{nodeDef(prefix+"/le", "LessEqual", nil, v[0], c[0])}, prefix + "/le"
		},
		body: func(v, _ []string) ([]*tfpb.NodeDef, []string) {
			return []*tfpb.NodeDef{
				constIn(prefix+"/one", 1, v[0]),
				nodeDef(prefix+"/i_next", "AddV2", nil, v[0], prefix+"/one"),
				nodeDef(prefix+"/acc_next", "AddV2", nil, v[1], v[0]),
			}, []string{prefix + "/i_next", prefix + "/acc_next"}
		}}
}

// tf1Graphs are TF1 control-flow graphs with hand-checked results.
func tf1Graphs() map[string][]*tfpb.NodeDef {
	pred, x := placeholder("pred", tfpb.DataType_DT_BOOL), placeholder("x", tfpb.DataType_DT_FLOAT)
	// tf.cond(pred, lambda: 2*x, lambda: -x)
	cond := []*tfpb.NodeDef{pred, x,
		nodeDef("cond/switch", "Switch", nil, "x", "pred"),
		nodeDef("cond/pivot_t", "Identity", nil, "cond/switch:1"),
		constIn("cond/two", 2, "cond/pivot_t"),
		nodeDef("cond/then", "Mul", nil, "cond/switch:1", "cond/two"),
		nodeDef("cond/else", "Neg", nil, "cond/switch"),
		nodeDef("cond/merge", "Merge", nil, "cond/else", "cond/then"),
		// One branch is dead, but a ControlTrigger runs anyway.
		nodeDef("cond/trigger", "ControlTrigger", nil, "^cond/then", "^cond/else"),
		nodeDef("out", "Identity", nil, "cond/merge", "^cond/trigger"),
	}
	sum := append([]*tfpb.NodeDef{x, constF("i0", 1), constF("acc0", 0)}, sumTo("sum", "i0", "acc0", "x").defs()...)
	sum = append(sum, nodeDef("out", "Identity", nil, "sum/exit1"))
	refLoop := sumTo("sum", "i0", "acc0", "x")
	refLoop.ref = true
	ref := append([]*tfpb.NodeDef{x, constF("i0", 1), constF("acc0", 0)}, refLoop.defs()...)
	ref = append(ref, nodeDef("out", "Identity", nil, "sum/exit1"))

	// for i in 1..x: for j in 1..i: acc += j, the inner loop entered from
	// each outer iteration with the outer acc.
	outer := tf1Loop{prefix: "outer", vars: []string{"i0", "acc0"}, invariants: []string{"x"},
		cond: func(v, c []string) ([]*tfpb.NodeDef, string) {
			return []*tfpb.NodeDef{nodeDef("outer/le", "LessEqual", nil, v[0], c[0])}, "outer/le"
		},
		body: func(v, _ []string) ([]*tfpb.NodeDef, []string) {
			defs := []*tfpb.NodeDef{constIn("outer/one", 1, v[0]), nodeDef("outer/i_next", "AddV2", nil, v[0], "outer/one")}
			defs = append(defs, sumTo("inner", "outer/one", v[1], v[0]).defs()...)
			return defs, []string{"outer/i_next", "inner/exit1"}
		}}
	nested := append([]*tfpb.NodeDef{x, constF("i0", 1), constF("acc0", 0)}, outer.defs()...)
	nested = append(nested, nodeDef("out", "Identity", nil, "outer/exit1"))

	// acc += v (a variable read in the body through a constant Enter of
	// its handle) x times.
	readVar := tf1Loop{prefix: "scale", vars: []string{"i0", "acc0"}, invariants: []string{"x", "v"},
		cond: func(v, c []string) ([]*tfpb.NodeDef, string) {
			return []*tfpb.NodeDef{nodeDef("scale/lt", "Less", nil, v[0], c[0])}, "scale/lt"
		},
		body: func(v, c []string) ([]*tfpb.NodeDef, []string) {
			return []*tfpb.NodeDef{
				constIn("scale/one", 1, v[0]),
				nodeDef("scale/i_next", "AddV2", nil, v[0], "scale/one"),
				nodeDef("scale/read", "ReadVariableOp", nil, c[1]),
				nodeDef("scale/acc_next", "AddV2", nil, v[1], "scale/read"),
			}, []string{"scale/i_next", "scale/acc_next"}
		}}
	variable := append([]*tfpb.NodeDef{x, constF("i0", 0), constF("acc0", 0),
		nodeDef("v", "VarHandleOp", map[string]*tfpb.AttrValue{"shared_name": sattr("v")}),
		constF("v_init", 1.5),
		nodeDef("v_assign", "AssignVariableOp", nil, "v", "v_init"),
	}, readVar.defs()...)
	variable = append(variable, nodeDef("out", "Identity", nil, "scale/exit1"))

	// tf.cond(pred, lambda: x, lambda: sum 1..x): a loop in a branch, dead
	// when pred is true.
	branchLoop := []*tfpb.NodeDef{pred, x, constF("i0", 1), constF("acc0", 0),
		nodeDef("cond/switch", "Switch", nil, "x", "pred"),
		nodeDef("cond/then", "Identity", nil, "cond/switch:1"),
		nodeDef("cond/else", "Identity", nil, "cond/switch"),
	}
	branchLoop = append(branchLoop, sumTo("sum", "i0", "acc0", "cond/else").defs()...)
	branchLoop = append(branchLoop,
		nodeDef("cond/merge", "Merge", nil, "sum/exit1", "cond/then"),
		nodeDef("out", "Identity", nil, "cond/merge"))
	// for i in 1..x: acc += sum 1..i if i is even, else -1: a loop in a
	// tf.cond in a loop, dead in odd iterations.
	condInLoop := tf1Loop{prefix: "outer", vars: []string{"i0", "acc0"}, invariants: []string{"x"},
		cond: func(v, c []string) ([]*tfpb.NodeDef, string) {
			return []*tfpb.NodeDef{nodeDef("outer/le", "LessEqual", nil, v[0], c[0])}, "outer/le"
		},
		body: func(v, _ []string) ([]*tfpb.NodeDef, []string) {
			defs := []*tfpb.NodeDef{
				constIn("outer/one", 1, v[0]), constIn("outer/two", 2, v[0]), constIn("outer/zero", 0, v[0]),
				nodeDef("outer/i_next", "AddV2", nil, v[0], "outer/one"),
				nodeDef("outer/mod", "FloorMod", nil, v[0], "outer/two"),
				nodeDef("outer/even", "Equal", nil, "outer/mod", "outer/zero"),
				nodeDef("outer/switch_i", "Switch", nil, v[0], "outer/even"),
				nodeDef("outer/switch_acc", "Switch", nil, v[1], "outer/even"),
				nodeDef("outer/pivot_t", "Identity", nil, "outer/switch_i:1"),
				nodeDef("outer/pivot_f", "Identity", nil, "outer/switch_i"),
				constIn("outer/i0_t", 1, "outer/pivot_t"), constIn("outer/acc0_t", 0, "outer/pivot_t"),
				constIn("outer/one_f", 1, "outer/pivot_f"),
				nodeDef("outer/then", "AddV2", nil, "outer/switch_acc:1", "inner/exit1"),
				nodeDef("outer/else", "Sub", nil, "outer/switch_acc", "outer/one_f"),
				nodeDef("outer/merge", "Merge", nil, "outer/else", "outer/then"),
			}
			defs = append(defs, sumTo("inner", "outer/i0_t", "outer/acc0_t", "outer/pivot_t").defs()...)
			return defs, []string{"outer/i_next", "outer/merge"}
		}}
	condLoop := append([]*tfpb.NodeDef{x, constF("i0", 1), constF("acc0", 0)}, condInLoop.defs()...)
	condLoop = append(condLoop, nodeDef("out", "Identity", nil, "outer/exit1"))

	// tf.map_fn(tf.square, x) for a vector x of 3: TensorArrays scatter
	// x, carry the squares out of the loop for as many steps as the input
	// array's size, and gather them; the input array is closed after the
	// loop.
	i32 := func(name string, v int32) *tfpb.NodeDef {
		return constTensor(name, &tfpb.TensorProto{Dtype: tfpb.DataType_DT_INT32, TensorShape: shapeProto(), IntVal: []int32{v}})
	}
	arrays := map[string]*tfpb.AttrValue{"dtype": tattr(tfpb.DataType_DT_FLOAT)}
	mapLoop := tf1Loop{prefix: "map", vars: []string{"i0", "out_ta:1"}, invariants: []string{"n", "in_ta", "scatter", "out_ta"},
		cond: func(v, c []string) ([]*tfpb.NodeDef, string) {
			return []*tfpb.NodeDef{nodeDef("map/lt", "Less", nil, v[0], c[0])}, "map/lt"
		},
		body: func(v, c []string) ([]*tfpb.NodeDef, []string) {
			one := i32("map/one", 1)
			one.Input = []string{"^" + v[0]}
			return []*tfpb.NodeDef{one,
				nodeDef("map/read", "TensorArrayReadV3", arrays, c[1], v[0], c[2]),
				nodeDef("map/square", "Square", nil, "map/read"),
				nodeDef("map/write", "TensorArrayWriteV3", nil, c[3], v[0], "map/square", v[1]),
				nodeDef("map/i_next", "AddV2", nil, v[0], "map/one"),
			}, []string{"map/i_next", "map/write"}
		}}
	mapFn := append([]*tfpb.NodeDef{x, i32("i0", 0), constInts("indices", 0, 1, 2), i32("size", 3),
		nodeDef("in_ta", "TensorArrayV3", arrays, "size"),
		nodeDef("out_ta", "TensorArrayV3", arrays, "size"),
		nodeDef("scatter", "TensorArrayScatterV3", nil, "in_ta", "indices", "x", "in_ta:1"),
		nodeDef("n", "TensorArraySizeV3", nil, "in_ta", "scatter"),
	}, mapLoop.defs()...)
	mapFn = append(mapFn,
		nodeDef("gather", "TensorArrayGatherV3", arrays, "out_ta", "indices", "map/exit1"),
		nodeDef("close", "TensorArrayCloseV3", nil, "in_ta", "^map/exit1"),
		nodeDef("out", "Identity", nil, "gather", "^close"))
	return map[string][]*tfpb.NodeDef{"map_fn": mapFn, "cond_in_loop": condLoop, "cond": cond, "sum": sum, "ref": ref, "nested": nested, "variable": variable, "branch_loop": branchLoop}
}

func TestTF1ControlFlow(t *testing.T) {
	graphs := tf1Graphs()
	sc := func(v float32) *tensor.Tensor { return mustT([]int{}, v) }
	for _, c := range []struct {
		name    string
		graph   string
		pred    bool
		x, want *tensor.Tensor
	}{
		{"cond/then", "cond", true, sc(3), sc(6)},
		{"cond/else", "cond", false, sc(3), sc(-3)},
		{"sum/10", "sum", false, sc(10), sc(55)},
		{"sum/0", "sum", false, sc(0), sc(0)},
		{"ref/4", "ref", false, sc(4), sc(10)},
		{"nested/4", "nested", false, sc(4), sc(20)}, // 1 + 3 + 6 + 10
		{"variable/4", "variable", false, sc(4), sc(6)},
		{"branch_loop/then", "branch_loop", true, sc(4), sc(4)},
		{"branch_loop/else", "branch_loop", false, sc(4), sc(10)},
		{"cond_in_loop/4", "cond_in_loop", false, sc(4), sc(11)}, // -1 + 3 - 1 + 10
		{"cond_in_loop/5", "cond_in_loop", false, sc(5), sc(10)},
		{"map_fn", "map_fn", false, mustT([]int{3}, float32(1), 2, -3), mustT([]int{3}, float32(1), 4, 9)},
	} {
		t.Run(c.name, func(t *testing.T) {
			g, err := newGraph("", graphs[c.graph], nil)
			if err != nil {
				t.Fatal(err)
			}
			s := &session{}
			feeds := map[endpoint]value{{node: g.byName["x"]}: tensorValue(c.x)}
			if p, ok := g.byName["pred"]; ok {
				feeds[endpoint{node: p}] = tensorValue(mustT([]int{}, c.pred))
			}
			if init, ok := g.byName["v_assign"]; ok {
				if _, err := s.checkRun(context.Background(), g, nil, nil, []*node{init}); err != nil {
					t.Fatal(err)
				}
			}
			out, err := s.checkRun(context.Background(), g, feeds, []endpoint{{node: g.byName["out"]}}, nil)
			if err != nil {
				t.Fatal(err)
			}
			got, err := out[0].tensor()
			if err != nil {
				t.Fatal(err)
			}
			if !sameTensor(got, c.want) {
				t.Errorf("out = %v %v, want %v %v", got.Shape(), got.Data(), c.want.Shape(), c.want.Data())
			}
		})
	}
}

// TestTF1ControlFlowErrors checks what fails: fetching a dead tensor or
// one inside a loop's frame, a loop that does not end, an Exit that leaves
// its frame twice or is outside any loop, a cycle that is not a loop.
func TestTF1ControlFlowErrors(t *testing.T) {
	graphs := tf1Graphs()
	forever := sumTo("sum", "i0", "acc0", "x")
	forever.cond = func(v, _ []string) ([]*tfpb.NodeDef, string) {
		return []*tfpb.NodeDef{nodeDef("sum/true", "IsFinite", nil, v[0])}, "sum/true"
	}
	// An Exit on the loop body's side leaves the frame every iteration.
	twice := append([]*tfpb.NodeDef{placeholder("x", tfpb.DataType_DT_FLOAT), constF("i0", 1), constF("acc0", 0)}, sumTo("sum", "i0", "acc0", "x").defs()...)
	for _, n := range twice {
		if n.Name == "sum/exit1" {
			n.Input = []string{"sum/identity1"}
		}
	}
	for _, c := range []struct {
		name  string
		defs  []*tfpb.NodeDef
		fetch string
		want  string
	}{
		{"exit twice", twice, "sum/exit1", "left loop frame \"sum\" twice"},
		{"dead fetch", graphs["cond"], "cond/then", "is dead"},
		{"fetch inside a loop", graphs["sum"], "sum/identity0", "was not computed"},
		{"endless loop", append([]*tfpb.NodeDef{placeholder("x", tfpb.DataType_DT_FLOAT), constF("i0", 1), constF("acc0", 0)}, forever.defs()...),
			"sum/exit1", context.DeadlineExceeded.Error()},
		{"exit outside a loop", []*tfpb.NodeDef{placeholder("x", tfpb.DataType_DT_FLOAT), nodeDef("exit", "Exit", nil, "x")},
			"exit", "Exit outside a while loop"},
		{"cycle", []*tfpb.NodeDef{nodeDef("a", "Identity", nil, "b"), nodeDef("b", "Merge", nil, "a")}, "b", "graph has a cycle"},
	} {
		t.Run(c.name, func(t *testing.T) {
			g, err := newGraph("", c.defs, nil)
			if err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
			defer cancel()
			feeds := map[endpoint]value{{node: g.byName["x"]}: tensorValue(mustT([]int{}, float32(3)))}
			if p, ok := g.byName["pred"]; ok {
				feeds[endpoint{node: p}] = tensorValue(mustT([]int{}, false))
			}
			s := &session{}
			_, err = s.checkRun(ctx, g, feeds, []endpoint{{node: g.byName[c.fetch]}}, nil)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("run error = %v, want one containing %q", err, c.want)
			}
		})
	}
}

// asFunction turns a TF1 graph fed by placeholder x into a function body
// with argument x returning out, as TF2 exports v1 control flow inside
// functions: "node:k" references become "node:output_arg:0".
func asFunction(name string, defs []*tfpb.NodeDef) *tfpb.FunctionDef {
	ops := map[string]string{}
	for _, n := range defs {
		ops[n.Name] = n.Op
	}
	var body []*tfpb.NodeDef
	for _, n := range defs {
		if n.Name == "x" {
			continue
		}
		n = proto.Clone(n).(*tfpb.NodeDef)
		for i, in := range n.Input {
			if node, k, ok := strings.Cut(in, ":"); ok {
				out, _ := strconv.Atoi(k)
				n.Input[i] = node + ":" + kernels[ops[node]].outputs[out] + ":0"
			}
		}
		body = append(body, n)
	}
	return function(name, []string{"x"}, []string{"out"}, body...)
}

// TestTF1ControlFlowInFunction runs TF1 loops inside a function body.
func TestTF1ControlFlowInFunction(t *testing.T) {
	graphs := tf1Graphs()
	for _, c := range []struct {
		graph   string
		x, want *tensor.Tensor
	}{
		{"sum", mustT([]int{}, float32(10)), mustT([]int{}, float32(55))},
		{"map_fn", mustT([]int{3}, float32(1), 2, 3), mustT([]int{3}, float32(1), 4, 9)},
	} {
		t.Run(c.graph, func(t *testing.T) {
			lib, err := newLibrary(&tfpb.FunctionDefLibrary{Function: []*tfpb.FunctionDef{asFunction("f", graphs[c.graph])}})
			if err != nil {
				t.Fatal(err)
			}
			g, err := newGraph("", []*tfpb.NodeDef{
				placeholder("x", tfpb.DataType_DT_FLOAT),
				nodeDef("call", "PartitionedCall", map[string]*tfpb.AttrValue{"f": fattr("f")}, "x"),
			}, nil)
			if err != nil {
				t.Fatal(err)
			}
			s := &session{lib: lib}
			feeds := map[endpoint]value{{node: g.byName["x"]}: tensorValue(c.x)}
			out, err := s.checkRun(context.Background(), g, feeds, []endpoint{{node: g.byName["call"]}}, nil)
			if err != nil {
				t.Fatal(err)
			}
			if got, err := out[0].tensor(); err != nil || !sameTensor(got, c.want) {
				t.Errorf("out = %v (%v), want %v", got, err, c.want.Data())
			}
		})
	}
}

// FuzzFrames rewires the TF1 control-flow graphs: each three bytes pick a
// node, an edit (an input from another node, another control-flow op, a
// constant or renamed frame, a control input) and its argument. Running
// the result may fail but must not panic or hang.
func FuzzFrames(f *testing.F) {
	graphs := tf1Graphs()
	names := slices.Sorted(maps.Keys(graphs))
	f.Add(uint8(0), []byte{})
	f.Add(uint8(1), []byte{3, 0, 5, 7, 1, 2})
	f.Add(uint8(2), []byte{9, 2, 1, 4, 3, 8})
	ops := []string{"Switch", "Merge", "Enter", "Exit", "NextIteration", "LoopCond", "ControlTrigger", "Identity"}
	f.Fuzz(func(t *testing.T, pick uint8, edits []byte) {
		var defs []*tfpb.NodeDef
		for _, n := range graphs[names[int(pick)%len(names)]] {
			defs = append(defs, proto.Clone(n).(*tfpb.NodeDef))
		}
		for ; len(edits) >= 3; edits = edits[3:] {
			n, arg := defs[int(edits[0])%len(defs)], int(edits[2])
			other := defs[arg%len(defs)].Name
			switch edits[1] % 4 {
			case 0:
				if len(n.Input) > 0 {
					n.Input[arg%len(n.Input)] = other + ":" + strconv.Itoa(arg%2)
				}
			case 1:
				n.Op = ops[arg%len(ops)]
			case 2:
				n.Attr = map[string]*tfpb.AttrValue{"frame_name": sattr(strconv.Itoa(arg % 3)), "is_constant": battr(arg%2 == 0)}
			case 3:
				n.Input = append(n.Input, "^"+other)
			}
		}
		g, err := newGraph("", defs, nil)
		if err != nil {
			return
		}
		feeds := map[endpoint]value{{node: g.byName["x"]}: tensorValue(mustT([]int{}, float32(3)))}
		if p, ok := g.byName["pred"]; ok {
			feeds[endpoint{node: p}] = tensorValue(mustT([]int{}, true))
		}
		s, fetches := &session{}, []endpoint{{node: g.byName["out"]}}
		if s.check(g, feeds, fetches, nil, map[*graph]bool{}) != nil {
			return
		}
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
		defer cancel()
		if _, err := s.run(ctx, g, feeds, fetches, nil, 0); errors.Is(err, ErrKernelPanic) {
			t.Error(err)
		}
	})
}
