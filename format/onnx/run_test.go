package onnx

import (
	"context"
	"errors"
	"testing"

	"github.com/slipwayml/slipway/format/onnx/ops"
)

func TestKernelPanicRecovered(t *testing.T) {
	s := step{
		node:   &ops.Node{Name: "boom", Op: "Relu"},
		kernel: func(context.Context, []ops.Value) ([]ops.Value, error) { panic("index out of range") },
		out:    []int{0},
	}
	_, err := s.exec(context.Background(), nil)
	var ne *NodeError
	if !errors.Is(err, ErrKernelPanic) || !errors.As(err, &ne) || ne.Node != "boom" || ne.Op != "Relu" {
		t.Errorf("exec of a panicking kernel: got %v, want a *NodeError for node boom wrapping ErrKernelPanic", err)
	}
}
