package savedmodel

import (
	"fmt"

	"github.com/slipwayml/slipway/tensor"
)

// flow is the role of a TF1 control-flow op (tf.cond and tf.while_loop as
// TF1 and tf.compat.v1 export them) in the frame executor.
type flow uint8

const (
	flowNone flow = iota
	// flowSwitch forwards its input to one output; the other is dead.
	flowSwitch
	// flowMerge forwards the first live input; it is dead when every
	// input is.
	flowMerge
	// flowEnter passes a value into a loop's child frame.
	flowEnter
	// flowExit passes a value out of a loop to the parent frame.
	flowExit
	// flowNextIteration passes a value to the next iteration.
	flowNextIteration
	// flowControlTrigger runs even when its control inputs are dead.
	flowControlTrigger
)

func (n *node) flow() flow {
	if n.kernel == nil {
		return flowNone
	}
	return n.kernel.flow
}

// flowKernel is an op that forwards its one input; the executor moves the
// value between frames and iterations as f says.
func flowKernel(f flow) *kernel {
	return &kernel{arity: 1, flow: f, run: func(_ *call, in []value) ([]value, error) { return in, nil }}
}

// switchOp forwards data to output_true when pred is true, else to
// output_false; the zero value marks the other output dead.
var switchOp = &kernel{arity: 2, flow: flowSwitch, outputs: []string{"output_false", "output_true"},
	run: func(_ *call, in []value) ([]value, error) {
		pred, err := in[1].tensor()
		if err != nil {
			return nil, fmt.Errorf("pred: %w", err)
		}
		b, ok := tensor.Values[bool](pred)
		if !ok || len(pred.Shape()) != 0 {
			return nil, fmt.Errorf("pred is %v %v, want a bool scalar", pred.DType(), pred.Shape())
		}
		if b[0] {
			return []value{{}, in[0]}, nil
		}
		return []value{in[0], {}}, nil
	}}

// mergeOp outputs its live input and that input's index. The executor
// runs it once the first live input arrives, with the other inputs dead.
var mergeOp = &kernel{arity: -1, flow: flowMerge, outputs: []string{"output", "value_index"},
	run: func(_ *call, in []value) ([]value, error) {
		for i, v := range in {
			if isDead(v) {
				continue
			}
			idx, err := tensor.New([]int{}, []int32{int32(i)})
			if err != nil {
				return nil, err
			}
			return []value{v, tensorValue(idx)}, nil
		}
		return nil, fmt.Errorf("no live input")
	}}

var controlTriggerOp = &kernel{arity: 0, flow: flowControlTrigger, run: noOp.run}

// isDead reports whether v is a dead tensor: the untaken output of a
// Switch, or what flows from it.
func isDead(v value) bool { return v == value{} }
