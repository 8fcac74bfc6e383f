package serve

import (
	"encoding/base64"
	"errors"
	"fmt"

	"github.com/slipwayml/slipway/internal/jsonvalue"
	"github.com/slipwayml/slipway/model"
	"github.com/slipwayml/slipway/tensor"
)

// The decoders here turn the row and column layouts that the plain, TF
// Serving, KServe V1 and MLflow protocols share into model inputs.

// parseJSON parses a request body under the depth limit.
func parseJSON(body []byte, depth int) (any, error) {
	if len(body) == 0 {
		return nil, badRequest(errors.New("request body is empty; want a JSON document"))
	}
	v, err := jsonvalue.Parse(body, jsonvalue.Limits{MaxDepth: depth})
	if err != nil {
		return nil, badRequest(fmt.Errorf("invalid JSON: %w", err))
	}
	return v, nil
}

// rowsToInputs maps a list of rows ("instances") onto the model's inputs. A
// row is a value of the single input (an object for a record input), or an
// object naming each input.
func rowsToInputs(sig model.Signature, rows any) (model.Tensors, error) {
	list, ok := rows.([]any)
	if !ok {
		return nil, badRequest(errors.New(`"instances" must be a list of rows`))
	}
	if len(list) == 0 {
		return nil, badRequest(errors.New(`"instances" is empty`))
	}
	if obj, ok := list[0].(*jsonvalue.Object); ok && !isB64(obj) && !isRecordInput(sig, obj) {
		return namedRowsToInputs(sig, list)
	}
	spec, err := onlyInput(sig)
	if err != nil {
		return nil, err
	}
	t, err := toTensor(list, spec)
	if err != nil {
		return nil, err
	}
	return model.Tensors{spec.Name: t}, nil
}

// namedRowsToInputs gathers each named input across rows of objects.
func namedRowsToInputs(sig model.Signature, rows []any) (model.Tensors, error) {
	first := rows[0].(*jsonvalue.Object)
	cols := &jsonvalue.Object{Keys: first.Keys, Values: make([]any, len(first.Keys))}
	for j := range cols.Values {
		cols.Values[j] = make([]any, len(rows))
	}
	for i, r := range rows {
		obj, ok := r.(*jsonvalue.Object)
		if !ok || len(obj.Keys) != len(first.Keys) {
			return nil, badRequest(fmt.Errorf("row %d does not name the same inputs as row 0 (%v)", i, first.Keys))
		}
		for j, k := range first.Keys {
			v, ok := obj.Get(k)
			if !ok {
				return nil, badRequest(fmt.Errorf("row %d lacks input %q", i, k))
			}
			cols.Values[j].([]any)[i] = v
		}
	}
	return namedInputs(sig, cols)
}

// columnsToInputs maps TF Serving's columnar "inputs": a value of the single
// input, or an object naming each input.
func columnsToInputs(sig model.Signature, v any) (model.Tensors, error) {
	if obj, ok := v.(*jsonvalue.Object); ok && !isB64(obj) {
		return namedInputs(sig, obj)
	}
	spec, err := onlyInput(sig)
	if err != nil {
		return nil, err
	}
	t, err := toTensor(v, spec)
	if err != nil {
		return nil, err
	}
	return model.Tensors{spec.Name: t}, nil
}

// namedInputs converts each member of obj to the input of that name.
func namedInputs(sig model.Signature, obj *jsonvalue.Object) (model.Tensors, error) {
	in := make(model.Tensors, len(obj.Keys))
	for i, name := range obj.Keys {
		spec, ok := sig.Input(name)
		if !ok {
			return nil, badRequest(fmt.Errorf("unknown input %q (model inputs: %s)", name, specNames(sig.Inputs)))
		}
		t, err := toTensor(obj.Values[i], spec)
		if err != nil {
			return nil, err
		}
		in[name] = t
	}
	return in, nil
}

func onlyInput(sig model.Signature) (model.TensorSpec, error) {
	if len(sig.Inputs) != 1 {
		return model.TensorSpec{}, badRequest(fmt.Errorf("model has %d inputs (%s); name them in each row or column", len(sig.Inputs), specNames(sig.Inputs)))
	}
	return sig.Inputs[0], nil
}

// toTensor builds the tensor for spec from a nested list, or a list of
// objects for records, converting numbers to spec's dtype where the value
// is preserved. A list of scalars for an input of shape [-1, 1] becomes a
// column, as TF Serving reads it.
func toTensor(v any, spec model.TensorSpec) (*tensor.Tensor, error) {
	if spec.Keys != nil {
		return recordsToTensor(v, spec)
	}
	v, err := decodeB64(v)
	if err != nil {
		return nil, err
	}
	t, err := tensor.FromNested(v, spec.DType)
	if err != nil {
		return nil, badRequest(fmt.Errorf("input %q: %w", spec.Name, err))
	}
	if sh := t.Shape(); len(sh) == 1 && len(spec.Shape) == 2 && spec.Shape[1] == 1 {
		return t.Reshape([]int{sh[0], 1})
	}
	return t, nil
}

// isB64 reports whether obj is TF Serving's {"b64": "..."} binary value.
func isB64(obj *jsonvalue.Object) bool {
	return len(obj.Keys) == 1 && obj.Keys[0] == "b64"
}

// decodeB64 replaces {"b64": "..."} values with their decoded bytes,
// copying only the lists that hold such values.
func decodeB64(v any) (any, error) {
	switch v := v.(type) {
	case *jsonvalue.Object:
		if !isB64(v) {
			return nil, badRequest(fmt.Errorf("unexpected object with keys %v where a value was expected", v.Keys))
		}
		s, ok := v.Values[0].(string)
		if !ok {
			return nil, badRequest(errors.New(`"b64" must be a base64 string`))
		}
		b, err := base64.StdEncoding.DecodeString(s)
		if err != nil {
			return nil, badRequest(fmt.Errorf(`"b64" value: %w`, err))
		}
		return string(b), nil
	case []any:
		if !hasObject(v) {
			return v, nil
		}
		out := make([]any, len(v))
		for i, e := range v {
			d, err := decodeB64(e)
			if err != nil {
				return nil, err
			}
			out[i] = d
		}
		return out, nil
	}
	return v, nil
}

func hasObject(v any) bool {
	switch v := v.(type) {
	case *jsonvalue.Object:
		return true
	case []any:
		for _, e := range v {
			if hasObject(e) {
				return true
			}
		}
	}
	return false
}

func specNames(specs []model.TensorSpec) string {
	b := make([]byte, 0, 64)
	for i, s := range specs {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = append(b, s.Name...)
	}
	return string(b)
}
