package onnx

import (
	"errors"
	"fmt"
)

// ErrKernelPanic is wrapped by the NodeError of a kernel that panicked: a
// bug in Slipway, reported instead of crashing the process.
var ErrKernelPanic = errors.New("kernel panicked")

// NodeError reports a failure of one graph node, at load or at run time.
type NodeError struct {
	Node string // the node's name, or "#index" when it has none
	Op   string // domain::type, or type for ai.onnx
	Err  error
}

func (e *NodeError) Error() string {
	return fmt.Sprintf("node %s (%s): %v", e.Node, e.Op, e.Err)
}

func (e *NodeError) Unwrap() error { return e.Err }
