package ops

import (
	"context"
	"fmt"
	"strings"
	"unicode"

	"github.com/slipwayml/slipway/tensor"
)

// buildStringSplit splits each string of a tensor like Python's str.split:
// on delimiter, or on runs of whitespace when delimiter is empty, at most
// maxsplit times. Y appends one axis, padded with "", as long as the
// longest split; Z counts the substrings of each element.
func buildStringSplit(n *Node) (Kernel, error) {
	delim := n.String("delimiter", "")
	maxsplit := n.Int("maxsplit", -1)
	pieces := -1 // strings.SplitN's count: unbounded
	if maxsplit >= 0 {
		pieces = int(min(maxsplit, MaxElements)) + 1
	}
	split := func(s string) []string {
		if delim != "" {
			return strings.SplitN(s, delim, pieces)
		}
		return splitSpace(s, maxsplit)
	}
	return withInput(func(ctx context.Context, t *tensor.Tensor, in []Value) ([]Value, error) {
		s, ok := tensor.Values[string](t)
		if !ok {
			return nil, fmt.Errorf("want a string tensor, got %v", t.DType())
		}
		parts := make([][]string, len(s))
		counts := make([]int64, len(s))
		width := 0
		for i, x := range s {
			parts[i] = split(x)
			counts[i] = int64(len(parts[i]))
			width = max(width, len(parts[i]))
		}
		shape := append(append([]int(nil), t.Shape()...), width)
		size, err := numElements(shape)
		if err != nil {
			return nil, err
		}
		y := make([]string, size)
		for i, p := range parts {
			copy(y[i*width:], p)
		}
		yt, err := tensor.New(shape, y)
		if err != nil {
			return nil, err
		}
		zt, err := tensor.New(t.Shape(), counts)
		if err != nil {
			return nil, err
		}
		return []Value{yt, zt}, nil
	}), nil
}

// splitSpace splits s on runs of whitespace, ignoring leading ones, at
// most maxsplit times (unbounded when negative); the remainder after the
// last split keeps its trailing whitespace, as in Python.
func splitSpace(s string, maxsplit int64) []string {
	var out []string
	for {
		s = strings.TrimLeftFunc(s, unicode.IsSpace)
		if s == "" {
			return out
		}
		if maxsplit >= 0 && int64(len(out)) == maxsplit {
			return append(out, s)
		}
		end := strings.IndexFunc(s, unicode.IsSpace)
		if end < 0 {
			return append(out, s)
		}
		out = append(out, s[:end])
		s = s[end:]
	}
}
