package serve

import (
	"errors"
	"fmt"

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
// when there is one output, else an object of tensors by name.
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
		return t.AppendJSON(buf), nil
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
		buf = appendString(buf, n)
		buf = append(buf, ':')
		buf = t.AppendJSON(buf)
	}
	return append(buf, '}'), nil
}
