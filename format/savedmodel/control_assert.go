package savedmodel

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/slipwayml/slipway/tensor"
)

// assertOp is Assert(condition, data...), which TF1 graphs hang on control
// edges (tf.debugging.Assert, dynamic_rnn's sequence_length check): the
// run fails, showing the first summarize values of each data tensor, when
// the condition is false.
var assertOp = statefulKernel(&kernel{arity: -1, run: func(c *call, in []value) ([]value, error) {
	if len(in) == 0 {
		return nil, fmt.Errorf("no condition input")
	}
	ts, err := tensors(in)
	if err != nil {
		return nil, err
	}
	cond, ok := tensor.Values[bool](ts[0])
	if !ok || len(ts[0].Shape()) != 0 {
		return nil, fmt.Errorf("condition is %v %v, want a bool scalar", ts[0].DType(), ts[0].Shape())
	}
	if cond[0] {
		return nil, nil
	}
	n := int(max(c.attrInt("summarize", 3), 0))
	var msg strings.Builder
	msg.WriteString("assertion failed:")
	for _, t := range ts[1:] {
		fmt.Fprintf(&msg, " [%s]", summarize(t, n))
	}
	return nil, fmt.Errorf("%s", msg.String())
}})

// summarize shows the first n values of t, as Assert prints its data.
func summarize(t *tensor.Tensor, n int) string {
	var parts []string
	if s, ok := tensor.Values[string](t); ok {
		parts = s[:min(len(s), n)]
	} else if f, err := t.Float64s(); err == nil {
		for _, v := range f[:min(len(f), n)] {
			parts = append(parts, strconv.FormatFloat(v, 'g', -1, 64))
		}
	}
	out := strings.Join(parts, " ")
	if t.Len() > n {
		out += "..."
	}
	return out
}
