package ops

import (
	"fmt"
	"slices"

	"github.com/slipwayml/slipway/internal/gemm"
	"github.com/slipwayml/slipway/tensor"
)

// FuseAttr names the string attribute by which the planner tells a kernel
// which of the nodes after it it absorbed: "Relu", "Add" or "Add,Relu".
// With "Add" the node has one more input after its declared ones, the
// Add's other operand. The dotted name is not an ONNX identifier, and the
// planner refuses it on a model's own nodes.
const FuseAttr = "slipway.fuse"

// Fusable maps the operators whose kernels read FuseAttr to their number
// of declared inputs, after which the Add's operand comes.
var Fusable = map[string]int{"Conv": 3, "MatMul": 2}

// fusions are the values of FuseAttr.
var fusions = []string{"Add,Relu", "Add", "Relu"}

// fusion is what a kernel absorbed: an elementwise Add of one more input,
// then a Relu.
type fusion struct{ add, relu bool }

// nodeFusion reads FuseAttr.
func nodeFusion(n *Node) (fusion, error) {
	s := n.String(FuseAttr, "")
	if s != "" && !slices.Contains(fusions, s) {
		return fusion{}, fmt.Errorf("%s is %q, want one of %q", FuseAttr, s, fusions)
	}
	return fusion{add: s == "Add,Relu" || s == "Add", relu: s == "Add,Relu" || s == "Relu"}, nil
}

// epilogue finishes a kernel's output in place, a block at a time while
// the block is still in cache: it adds a bias, then the fusion's Add
// operand residual, then applies its Relu. residual is laid out like the
// output or, for kernels that finish whole rows, like one row.
type epilogue[T float] struct {
	residual []T
	relu     bool
}

// epilogueFor returns the epilogue of f for an output of the given shape,
// finished in blocks that lie within rows of rowLen elements (0 when they
// may span rows); false when the Add's operand r has another type or a
// shape other than the output's or a row's, which unfused then handles.
func epilogueFor[T float](f fusion, r *tensor.Tensor, shape []int, rowLen int) (epilogue[T], bool) {
	e := epilogue[T]{relu: f.relu}
	if !f.add {
		return e, true
	}
	rv, ok := tensor.Values[T](r)
	rs := r.Shape()
	row := rowLen > 0 && len(rs) > 0 && len(rs) <= len(shape) && rs[len(rs)-1] == rowLen && len(rv) == rowLen
	if !ok || !slices.Equal(rs, shape) && !row {
		return epilogue[T]{}, false
	}
	e.residual = rv
	return e, true
}

// apply finishes out, which starts at element off of the whole output,
// adding b to each element first. Bias, Add and Relu round as the
// separate operators do, so the result is bit-identical to running them.
func (e epilogue[T]) apply(out []T, off int, b T) {
	var r []T
	if e.residual != nil {
		r = e.residual[off%len(e.residual):][:len(out)]
	}
	gemm.Finish(out, b, r, e.relu)
}

// unfused applies f to t as the separate operators would, broadcasting the
// Add's operand r: the path for operands epilogueFor refuses.
func (f fusion) unfused(t, r *tensor.Tensor) (*tensor.Tensor, error) {
	if f.add {
		var err error
		if t, err = applyArith(opAdd, t, r); err != nil {
			return nil, fmt.Errorf("fused Add: %w", err)
		}
	}
	if f.relu {
		// t is this call's own: the kernel's output or the new sum.
		switch d := t.Data().(type) {
		case []float32:
			epilogue[float32]{relu: true}.apply(d, 0, 0)
		case []float64:
			epilogue[float64]{relu: true}.apply(d, 0, 0)
		default:
			return nil, fmt.Errorf("fused Relu of %v is not supported", t.DType())
		}
	}
	return t, nil
}
