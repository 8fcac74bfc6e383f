package savedmodel

import (
	"context"
	"fmt"

	"google.golang.org/protobuf/proto"

	"github.com/slipwayml/slipway/format/savedmodel/tfpb"
	"github.com/slipwayml/slipway/tensor"
)

// checkpointGraphKey is the bundle key under which a TF2 checkpoint stores
// its TrackableObjectGraph.
const checkpointGraphKey = "_CHECKPOINTABLE_OBJECT_GRAPH"

// variableValue is the attribute name of a variable's value in the
// TrackableObjectGraph.
const variableValue = "VARIABLE_VALUE"

// restoreObjects restores a TF2 SavedModel's variables as TensorFlow's
// object-based loader does, instead of running the saver's restore op:
// it walks the SavedObjectGraph and the checkpoint's TrackableObjectGraph
// together from their roots, matching children by name, and assigns each
// variable the checkpoint tensor its object names. A variable whose
// object has no tensor (an uninitialized variable) keeps what the graph
// gives it, and is an error only when read. It reports false, restoring
// nothing, when the model lacks either graph.
func (s *session) restoreObjects(ctx context.Context, g *graph, saved *tfpb.SavedObjectGraph) (bool, error) {
	if s.bundle == nil || len(saved.GetNodes()) == 0 {
		return false, nil
	}
	if _, ok := s.bundle.entries[checkpointGraphKey]; !ok {
		return false, nil
	}
	ckpt, err := s.checkpointGraph()
	if err != nil {
		return false, err
	}
	if len(ckpt.GetNodes()) == 0 {
		return false, nil
	}
	handles, err := s.capturedVariables(ctx, g, saved)
	if err != nil {
		return false, err
	}
	// Depth first, children in order, each checkpoint object once, as
	// TensorFlow's RecurseObjectsToRestore: an object reached twice is
	// restored through the first path.
	type visit struct {
		saved, ckpt int32
		name        string
		next        int // the next child to visit
	}
	stack := []visit{{}}
	seen := map[int32]bool{}
	for len(stack) > 0 {
		v := &stack[len(stack)-1]
		children := ckpt.GetNodes()[v.ckpt].GetChildren()
		if v.next == len(children) {
			stack = stack[:len(stack)-1]
			continue
		}
		ref := children[v.next]
		v.next++
		id := ref.GetNodeId()
		if seen[id] {
			continue // a cycle, or an object reached twice
		}
		seen[id] = true
		if id < 0 || int(id) >= len(ckpt.GetNodes()) {
			return false, fmt.Errorf("checkpoint object graph: child %q of node %d is node %d of %d", ref.GetLocalName(), v.ckpt, id, len(ckpt.GetNodes()))
		}
		name := ref.GetLocalName()
		if v.name != "" {
			name = v.name + "." + name
		}
		// An object the checkpoint has and the SavedModel does not (an
		// optimizer, say) is not served, so it is not restored.
		child, ok := savedChild(saved, v.saved, ref.GetLocalName())
		if !ok {
			continue
		}
		// The root is never a variable; TensorFlow skips it too.
		if child != 0 {
			if err := s.restoreObject(saved.GetNodes()[child], ckpt.GetNodes()[id], handles[child]); err != nil {
				return false, fmt.Errorf("restore %s: %w", name, err)
			}
		}
		stack = append(stack, visit{saved: child, ckpt: id, name: name})
	}
	return true, nil
}

// checkpointGraph decodes the bundle's TrackableObjectGraph.
func (s *session) checkpointGraph() (*tfpb.TrackableObjectGraph, error) {
	t, err := s.bundle.Tensor(checkpointGraphKey)
	if err != nil {
		return nil, err
	}
	raw, ok := tensor.Values[string](t)
	if !ok || len(raw) != 1 {
		return nil, fmt.Errorf("checkpoint tensor %s is %v %v, want one string", checkpointGraphKey, t.DType(), t.Shape())
	}
	var ckpt tfpb.TrackableObjectGraph
	if err := proto.Unmarshal([]byte(raw[0]), &ckpt); err != nil {
		return nil, fmt.Errorf("decode checkpoint tensor %s: %w", checkpointGraphKey, err)
	}
	return &ckpt, nil
}

// savedChild returns the SavedObjectGraph child of node parent named name.
func savedChild(saved *tfpb.SavedObjectGraph, parent int32, name string) (int32, bool) {
	for _, c := range saved.GetNodes()[parent].GetChildren() {
		if c.GetLocalName() == name {
			id := c.GetNodeId()
			return id, id >= 0 && int(id) < len(saved.GetNodes())
		}
	}
	return 0, false
}

// restoreObject assigns a variable object its value from the checkpoint.
// Objects other than variables restore nothing here: lookup tables are
// filled by the init op.
func (s *session) restoreObject(obj *tfpb.SavedObject, ckpt *tfpb.TrackableObjectGraph_TrackableObject, v *variable) error {
	sv := obj.GetVariable()
	if sv == nil || v == nil {
		return nil
	}
	for _, a := range ckpt.GetAttributes() {
		if a.GetName() != variableValue {
			continue
		}
		t, err := s.bundle.Tensor(a.GetCheckpointKey())
		if err != nil {
			return err
		}
		if want, err := fromDataType(sv.GetDtype()); err == nil && t.DType() != want {
			return fmt.Errorf("checkpoint tensor %q is %v, the variable %v", a.GetCheckpointKey(), t.DType(), want)
		}
		v.val.Store(t)
	}
	return nil
}

// capturedVariables maps the SavedObjectGraph's variable nodes to the
// variables the main graph's function calls capture: a concrete
// function's bound inputs are the last inputs of the calls to it.
func (s *session) capturedVariables(ctx context.Context, g *graph, saved *tfpb.SavedObjectGraph) (map[int32]*variable, error) {
	handles := map[int32]*variable{}
	for _, n := range g.nodes {
		if n.op() != "StatefulPartitionedCall" && n.op() != "PartitionedCall" {
			continue
		}
		bound := saved.GetConcreteFunctions()[n.def.GetAttr()["f"].GetFunc().GetName()].GetBoundInputs()
		if len(bound) > len(n.inputs) {
			continue
		}
		captures := n.inputs[len(n.inputs)-len(bound):]
		for i, id := range bound {
			if id < 0 || int(id) >= len(saved.GetNodes()) || saved.GetNodes()[id].GetVariable() == nil || handles[id] != nil {
				continue
			}
			h, err := s.checkRun(ctx, g, nil, captures[i:i+1], nil)
			if err != nil {
				return nil, fmt.Errorf("variable captured by %s: %w", n.name(), err)
			}
			if h[0].v != nil {
				handles[id] = h[0].v
			}
		}
	}
	return handles, nil
}
