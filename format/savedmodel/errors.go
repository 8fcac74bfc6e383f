package savedmodel

import (
	"errors"
	"fmt"
)

var (
	// ErrUnsupported is wrapped by errors for valid TensorFlow features
	// Slipway does not implement yet, such as an op without a kernel.
	ErrUnsupported = errors.New("not supported")
	// ErrKernelPanic is wrapped by the NodeError of a kernel that panicked:
	// a bug in Slipway, reported instead of crashing the process.
	ErrKernelPanic = errors.New("kernel panicked")
	// ErrNotSavedModel is returned for a folder without saved_model.pb or
	// saved_model.pbtxt, such as a legacy SessionBundle export.
	ErrNotSavedModel = errors.New("not a SavedModel")
)

// NodeError reports a failure of one graph or function node, at load or at
// run time.
type NodeError struct {
	Node string
	Op   string
	Err  error
}

func (e *NodeError) Error() string {
	return fmt.Sprintf("node %s (%s): %v", e.Node, e.Op, e.Err)
}

func (e *NodeError) Unwrap() error { return e.Err }
