package serve

import (
	"errors"
	"fmt"

	"github.com/slipwayml/slipway/internal/jsonvalue"
	"github.com/slipwayml/slipway/model"
)

// outputNames resolves the outputs a request gets: those it named, else the
// model's defaults.
func outputNames(sig model.Signature, requested []string) []string {
	if len(requested) > 0 {
		return requested
	}
	return sig.Default
}

// checkOutputs rejects unknown and repeated output names.
func checkOutputs(sig model.Signature, names []string) error {
	for i, n := range names {
		if _, ok := sig.Output(n); !ok {
			return badRequest(fmt.Errorf("unknown output %q (model outputs: %s)", n, specNames(sig.Outputs)))
		}
		for _, m := range names[:i] {
			if m == n {
				return badRequest(fmt.Errorf("output %q requested twice", n))
			}
		}
	}
	return nil
}

// appendPrediction appends the outputs as one JSON value: the tensor itself
// when there is one output, else an object of tensors by name. Records are
// lists of objects (appendValue).
func appendPrediction(buf []byte, sig model.Signature, requested []string, out model.Tensors) ([]byte, error) {
	names := outputNames(sig, requested)
	if len(names) == 0 {
		return nil, errors.New("model returned no outputs and has no default outputs")
	}
	if len(names) == 1 {
		t, ok := out[names[0]]
		if !ok {
			return nil, fmt.Errorf("model did not return output %q", names[0])
		}
		spec, _ := sig.Output(names[0])
		return appendValue(buf, spec, t)
	}
	buf = append(buf, '{')
	for i, n := range names {
		t, ok := out[n]
		if !ok {
			return nil, fmt.Errorf("model did not return output %q", n)
		}
		if i > 0 {
			buf = append(buf, ',')
		}
		buf = jsonvalue.AppendString(buf, n)
		buf = append(buf, ':')
		spec, _ := sig.Output(n)
		var err error
		if buf, err = appendValue(buf, spec, t); err != nil {
			return nil, err
		}
	}
	return append(buf, '}'), nil
}

// appendRowPredictions writes TF Serving's row format: one value per row for
// a single output, and for several outputs one object per row keyed by
// output name, which needs every output to share the batch size. A record
// is an object in its row.
func appendRowPredictions(buf []byte, sig model.Signature, requested []string, out model.Tensors) ([]byte, error) {
	names := outputNames(sig, requested)
	if len(names) <= 1 {
		return appendPrediction(buf, sig, requested, out)
	}
	rows := -1
	for _, n := range names {
		t, ok := out[n]
		if !ok {
			return nil, fmt.Errorf("model did not return output %q", n)
		}
		if len(t.Shape()) == 0 || (rows >= 0 && t.Shape()[0] != rows) {
			return nil, badRequest(fmt.Errorf("outputs %v do not share a batch size; use the columnar format (\"inputs\")", names))
		}
		rows = t.Shape()[0]
	}
	records := make([]*recordText, len(names))
	for j, n := range names {
		if spec, _ := sig.Output(n); spec.Keys != nil {
			var err error
			if records[j], err = newRecordText(spec, out[n]); err != nil {
				return nil, err
			}
		}
	}
	buf = append(buf, '[')
	for i := range rows {
		if i > 0 {
			buf = append(buf, ',')
		}
		buf = append(buf, '{')
		for j, n := range names {
			if j > 0 {
				buf = append(buf, ',')
			}
			buf = jsonvalue.AppendString(buf, n)
			buf = append(buf, ':')
			if records[j] != nil {
				buf = records[j].appendRow(buf, i)
				continue
			}
			row, err := out[n].Rows([]int{i})
			if err == nil {
				row, err = row.Reshape(out[n].Shape()[1:])
			}
			if err != nil {
				return nil, fmt.Errorf("output %s row %d: %w", n, i, err)
			}
			buf = row.AppendJSON(buf)
		}
		buf = append(buf, '}')
	}
	return append(buf, ']'), nil
}
