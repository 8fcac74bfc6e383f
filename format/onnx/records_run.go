package onnx

import (
	"context"
	"fmt"
	"slices"

	"github.com/slipwayml/slipway/format/onnx/ops"
	"github.com/slipwayml/slipway/model"
	"github.com/slipwayml/slipway/tensor"
)

// runRecords runs the graph once per row: an ONNX map input holds one
// record, so a batch of records is a batch of runs. Tensor inputs are
// split by rows alike, and the wanted outputs (indices into g.outputs) are
// joined along their first axis.
func (m *Model) runRecords(ctx context.Context, feeds []*tensor.Tensor, want []int) ([]ops.Value, error) {
	rows := -1
	for i, t := range feeds {
		name := m.sig.Inputs[i].Name
		switch {
		case len(t.Shape()) == 0:
			return nil, model.BadInput("input %q is a scalar; the model takes a batch of rows", name)
		case rows >= 0 && t.Shape()[0] != rows:
			return nil, model.BadInput("input %q has %d rows, input %q has %d", name, t.Shape()[0], m.sig.Inputs[0].Name, rows)
		}
		rows = t.Shape()[0]
	}
	if rows <= 0 {
		return nil, model.BadInput("the inputs have no rows")
	}
	parts := make([][]ops.Value, len(want))
	in := make([]ops.Value, len(feeds))
	for r := range rows {
		for i, t := range feeds {
			row, err := t.Rows([]int{r})
			in[i] = row
			if rk := m.inRecords[i]; err == nil && rk != nil {
				in[i], err = rk.record(row)
			}
			if err != nil {
				return nil, model.BadInput("input %q row %d: %v", m.sig.Inputs[i].Name, r, err)
			}
		}
		vals, err := m.g.run(ctx, in)
		if err != nil {
			return nil, err
		}
		for j, o := range want {
			parts[j] = append(parts[j], vals[o])
		}
	}
	out := make([]ops.Value, len(want))
	for j, o := range want {
		var err error
		if out[j], err = join(parts[j]); err != nil {
			return nil, fmt.Errorf("output %q: %w", m.g.names[m.g.outputs[o].id], err)
		}
	}
	return out, nil
}

// join puts per-row results together: tensors along their first axis,
// sequences end to end.
func join(vs []ops.Value) (ops.Value, error) {
	if len(vs) == 1 {
		return vs[0], nil
	}
	switch first := vs[0].(type) {
	case ops.Sequence:
		var seq ops.Sequence
		for i, v := range vs {
			s, ok := v.(ops.Sequence)
			if !ok {
				return nil, fmt.Errorf("row %d gave a %T, row 0 a sequence", i, v)
			}
			seq = append(seq, s...)
		}
		return seq, nil
	case *tensor.Tensor:
		if len(first.Shape()) == 0 {
			return nil, fmt.Errorf("a scalar per row cannot be joined into a batch")
		}
		ts := make([]*tensor.Tensor, len(vs))
		shape := slices.Clone(first.Shape())
		shape[0] = 0
		for i, v := range vs {
			t, ok := v.(*tensor.Tensor)
			if !ok || len(t.Shape()) == 0 || !slices.Equal(t.Shape()[1:], first.Shape()[1:]) {
				return nil, fmt.Errorf("row %d gave a value unlike row 0's, of shape %v", i, first.Shape())
			}
			ts[i] = t
			shape[0] += t.Shape()[0]
		}
		flat, err := ops.Concat(ts...)
		if err != nil {
			return nil, err
		}
		return flat.Reshape(shape)
	}
	return nil, fmt.Errorf("a %T per row cannot be joined into a batch", vs[0])
}
