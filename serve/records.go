package serve

import (
	"fmt"

	"github.com/slipwayml/slipway/internal/jsonvalue"
	"github.com/slipwayml/slipway/model"
	"github.com/slipwayml/slipway/tensor"
)

// Records (model.TensorSpec.Keys) are [N, len(Keys)] tensors whose rows the
// JSON-row protocols write and read as objects {key: value}: a ZipMap's
// class probabilities, a DictVectorizer's input. V2 carries the tensor.

// appendValue appends t as the protocols that speak JSON rows show it: a
// list of objects when spec describes records, else nested lists.
func appendValue(buf []byte, spec model.TensorSpec, t *tensor.Tensor) ([]byte, error) {
	if spec.Keys == nil {
		return t.AppendJSON(buf), nil
	}
	r, err := newRecordText(spec, t)
	if err != nil {
		return nil, err
	}
	buf = append(buf, '[')
	for i := range t.Shape()[0] {
		if i > 0 {
			buf = append(buf, ',')
		}
		buf = r.appendRow(buf, i)
	}
	return append(buf, ']'), nil
}

// recordText holds the elements of a records tensor as JSON texts laid
// end to end: element e is text[at[e]:at[e+1]-1], each followed by one
// separator byte. Writing them out once is much cheaper than element by
// element.
type recordText struct {
	keys []string
	text []byte
	at   []int
}

func newRecordText(spec model.TensorSpec, t *tensor.Tensor) (*recordText, error) {
	if sh := t.Shape(); len(sh) != 2 || sh[1] != len(spec.Keys) {
		return nil, fmt.Errorf("output %q has shape %v, want [N, %d] for its keys", spec.Name, t.Shape(), len(spec.Keys))
	}
	r := &recordText{keys: spec.Keys, at: make([]int, 1, t.Len()+1)}
	if s, ok := tensor.Values[string](t); ok {
		// Strings may hold commas: write them one by one.
		for _, x := range s {
			r.text = append(jsonvalue.AppendString(r.text, x), ',')
			r.at = append(r.at, len(r.text))
		}
		return r, nil
	}
	// Other elements (numbers, NaN, Infinity, booleans) hold no commas.
	r.text = t.AppendFlatJSON(nil) // [e0,e1,...]
	r.at[0] = 1
	for p := 1; p < len(r.text) && t.Len() > 0; p++ {
		if r.text[p] == ',' || p == len(r.text)-1 {
			r.at = append(r.at, p+1)
		}
	}
	return r, nil
}

// appendRow appends row i as the object {keys[j]: element[i, j]}.
func (r *recordText) appendRow(buf []byte, i int) []byte {
	buf = append(buf, '{')
	for j, k := range r.keys {
		if j > 0 {
			buf = append(buf, ',')
		}
		e := i*len(r.keys) + j
		buf = jsonvalue.AppendString(buf, k)
		buf = append(buf, ':')
		buf = append(buf, r.text[r.at[e]:r.at[e+1]-1]...)
	}
	return append(buf, '}')
}

// isRecordInput reports whether the objects of a row list are records of
// the model's one record input, not objects naming the inputs: they are
// unless a row is {name: {...}}.
func isRecordInput(sig model.Signature, row *jsonvalue.Object) bool {
	if len(sig.Inputs) != 1 || sig.Inputs[0].Keys == nil {
		return false
	}
	if len(row.Keys) == 1 && row.Keys[0] == sig.Inputs[0].Name {
		_, nested := row.Values[0].([]any)
		_, record := row.Values[0].(*jsonvalue.Object)
		return !nested && !record
	}
	return true
}

// maxRecordCells bounds N×K of records decoded from a request, about as
// many values as a body of dense rows at the default body limit holds:
// records may leave keys out, so a small body could otherwise ask for a
// huge tensor.
const maxRecordCells = 1 << 24

// recordsToTensor builds spec's [N, K] tensor from a list of N objects,
// each value in the column of its key. A key a record leaves out reads as
// zero, as it does for the DictVectorizer the keys usually come from; keys
// the model does not know are ignored, as scikit-learn's DictVectorizer
// ignores them.
func recordsToTensor(v any, spec model.TensorSpec) (*tensor.Tensor, error) {
	list, ok := v.([]any)
	if !ok || len(list) == 0 {
		return nil, badRequest(fmt.Errorf("input %q takes a non-empty list of objects {key: value}", spec.Name))
	}
	k := len(spec.Keys)
	if k == 0 {
		return nil, fmt.Errorf("input %q is records without keys", spec.Name)
	}
	if len(list) > maxRecordCells/k {
		return nil, badRequest(fmt.Errorf("input %q: %d records of %d keys are more than the limit of %d values", spec.Name, len(list), k, maxRecordCells))
	}
	col := make(map[string]int, k)
	for j, key := range spec.Keys {
		col[key] = j
	}
	// Gather the values sent, then lay them out with one zero standing in
	// for every value left out.
	var sent []any
	idx := make([]int, len(list)*k)
	for i := range idx {
		idx[i] = -1
	}
	for i, e := range list {
		rec, ok := e.(*jsonvalue.Object)
		if !ok || isB64(rec) {
			return nil, badRequest(fmt.Errorf("input %q row %d: want an object {key: value}", spec.Name, i))
		}
		for j, key := range rec.Keys {
			if c, ok := col[key]; ok {
				idx[i*k+c] = len(sent)
				sent = append(sent, rec.Values[j])
			}
		}
	}
	for i := range idx {
		if idx[i] < 0 {
			idx[i] = len(sent)
		}
	}
	sent = append(sent, zeroValue(spec.DType))
	flat, err := decodeB64(sent)
	if err != nil {
		return nil, err
	}
	vals, err := tensor.FromNested(flat, spec.DType)
	if err == nil {
		vals, err = vals.Reshape([]int{len(sent), 1})
	}
	if err != nil {
		return nil, badRequest(fmt.Errorf("input %q: %w", spec.Name, err))
	}
	t, err := vals.Rows(idx)
	if err != nil {
		return nil, err
	}
	return t.Reshape([]int{len(list), k})
}

// zeroValue is the JSON value that reads as dt's zero.
func zeroValue(dt tensor.DType) any {
	switch dt {
	case tensor.String:
		return ""
	case tensor.Bool:
		return false
	}
	return jsonvalue.Number("0")
}
