package onnx

import (
	"fmt"
	"slices"
	"strconv"

	"github.com/slipwayml/slipway/format/onnx/ops"
	"github.com/slipwayml/slipway/tensor"
)

// ONNX maps reach the model package as records (model.TensorSpec.Keys): a
// [N, len(keys)] tensor whose row i holds record i's value of each key.
// That works when the keys are known at load: the class labels of the
// ZipMap that makes a sequence-of-maps output, or the vocabulary of the
// DictVectorizer (or the slots of the sparse CastMap) that reads a map
// input.

// maxRecordKeys bounds the keys of a sparse CastMap input, which are
// listed in the signature.
const maxRecordKeys = 1 << 16

// recordKeys are the keys of a record input or output.
type recordKeys struct {
	names []string       // as the signature lists them
	col   map[string]int // name → column
	keys  *tensor.Tensor // for inputs: the map keys, in the dtype the graph takes
}

// newRecordKeys returns nil when names is empty or repeats a key, which
// no map can hold twice.
func newRecordKeys(names []string) *recordKeys {
	r := &recordKeys{names: names, col: make(map[string]int, len(names))}
	for i, k := range names {
		if _, dup := r.col[k]; dup {
			return nil
		}
		r.col[k] = i
	}
	if len(names) == 0 {
		return nil
	}
	return r
}

// outputRecords returns the keys of a seq(map(K, FLOAT)) output made by a
// ZipMap, possibly through Identity nodes; nil when the output is
// something else.
func outputRecords(g *graph, p port) *recordKeys {
	if t := p.typ; t != nil && (t.kind != kindSequence || t.elem == nil || t.elem.kind != kindMap) {
		return nil
	}
	s := g.producer(p.id)
	for s != nil && isIdentity(s) {
		s = g.producer(s.in[0])
	}
	if s == nil || s.node.Domain != "ai.onnx.ml" || s.node.Op != "ZipMap" {
		return nil
	}
	// ZipMap's maps keep their keys sorted, as onnxruntime's std::map does.
	names := strings64(slices.Sorted(slices.Values(s.node.Ints("classlabels_int64s"))))
	if labels := s.node.Strings("classlabels_strings"); labels != nil {
		names = slices.Sorted(slices.Values(labels))
	}
	return newRecordKeys(names)
}

// inputRecords returns the keys of a map(K, V) input read by one
// DictVectorizer (its vocabulary) or sparse CastMap (0 … max_map-1),
// possibly through Identity nodes, and V; nil when the keys are not known.
func inputRecords(g *graph, p port) (*recordKeys, tensor.DType) {
	t := p.typ
	if t == nil || t.kind != kindMap || t.elem == nil || t.elem.kind != kindTensor {
		return nil, tensor.Invalid
	}
	s := g.soleConsumer(p.id)
	for s != nil && isIdentity(s) {
		s = g.soleConsumer(s.out[0])
	}
	if s == nil || s.node.Domain != "ai.onnx.ml" {
		return nil, tensor.Invalid
	}
	var names []string
	switch {
	case s.node.Op == "DictVectorizer":
		names = s.node.Strings("string_vocabulary")
		if ints := s.node.Ints("int64_vocabulary"); ints != nil {
			names = strings64(ints)
		}
	case s.node.Op == "CastMap" && s.node.String("map_form", "DENSE") == "SPARSE":
		n := s.node.Int("max_map", 1)
		if n <= 0 || n > maxRecordKeys {
			return nil, tensor.Invalid
		}
		slots := make([]int64, n)
		for i := range slots {
			slots[i] = int64(i)
		}
		names = strings64(slots)
	}
	r := newRecordKeys(names)
	if r == nil {
		return nil, tensor.Invalid
	}
	var err error
	switch t.dtype {
	case tensor.String:
		r.keys, err = tensor.New([]int{len(names)}, names)
	case tensor.Int64:
		ints := make([]int64, len(names))
		for i, k := range names {
			if ints[i], err = strconv.ParseInt(k, 10, 64); err != nil {
				return nil, tensor.Invalid
			}
		}
		r.keys, err = tensor.New([]int{len(names)}, ints)
	default:
		return nil, tensor.Invalid
	}
	if err != nil {
		return nil, tensor.Invalid
	}
	return r, t.elem.dtype
}

func isIdentity(s *step) bool {
	return s.node.Domain == "" && s.node.Op == "Identity" && len(s.in) == 1 && s.in[0] >= 0 && len(s.out) == 1 && s.out[0] >= 0
}

// producer returns the step that computes value id, nil for inputs and
// constants.
func (g *graph) producer(id int) *step {
	for i := range g.steps {
		if slices.Contains(g.steps[i].out, id) {
			return &g.steps[i]
		}
	}
	return nil
}

// soleConsumer returns the only step that reads value id, nil when none
// or several do or when id is also a graph output.
func (g *graph) soleConsumer(id int) *step {
	var found *step
	for i := range g.steps {
		if !slices.Contains(g.steps[i].in, id) {
			continue
		}
		if found != nil {
			return nil
		}
		found = &g.steps[i]
	}
	for _, p := range g.outputs {
		if p.id == id {
			return nil
		}
	}
	return found
}

func strings64(v []int64) []string {
	out := make([]string, len(v))
	for i, x := range v {
		out[i] = strconv.FormatInt(x, 10)
	}
	return out
}

// table lays a sequence of maps with float values, as ZipMap makes them,
// out as records: a [N, len(keys)] FLOAT tensor, each value in the column
// of its key and zero where a map lacks a key.
func (r *recordKeys) table(v ops.Value) (*tensor.Tensor, error) {
	seq, ok := v.(ops.Sequence)
	if !ok {
		return nil, fmt.Errorf("got a %T, want a sequence of maps", v)
	}
	k := len(r.names)
	out := make([]float32, len(seq)*k)
	var last *tensor.Tensor
	var idx []int
	for i, e := range seq {
		m, ok := e.(ops.Map)
		if !ok || m.Keys == nil || m.Values == nil || m.Keys.Len() != m.Values.Len() {
			return nil, fmt.Errorf("element %d is a %T, want a map", i, e)
		}
		vals, ok := tensor.Values[float32](m.Values)
		if !ok {
			return nil, fmt.Errorf("element %d has %v values, want FLOAT", i, m.Values.DType())
		}
		if m.Keys != last { // ZipMap shares one key tensor across rows
			var err error
			if idx, err = r.columns(m.Keys); err != nil {
				return nil, fmt.Errorf("element %d: %w", i, err)
			}
			last = m.Keys
		}
		row := out[i*k : (i+1)*k]
		for c, src := range idx {
			if src >= 0 {
				row[c] = vals[src]
			}
		}
	}
	return tensor.New([]int{len(seq), k}, out)
}

// columns maps each column to the index of its key in keys, -1 if absent.
func (r *recordKeys) columns(keys *tensor.Tensor) ([]int, error) {
	var names []string
	if s, ok := tensor.Values[string](keys); ok {
		names = s
	} else if ints, ok := tensor.Values[int64](keys); ok {
		names = strings64(ints)
	} else {
		return nil, fmt.Errorf("map keys are %v, want INT64 or STRING", keys.DType())
	}
	idx := make([]int, len(r.names))
	for i := range idx {
		idx[i] = -1
	}
	for i, k := range names {
		c, ok := r.col[k]
		if !ok {
			return nil, fmt.Errorf("map key %q is not one of the %d known at load", k, len(r.names))
		}
		idx[c] = i
	}
	return idx, nil
}

// record turns row, a [1, len(keys)] tensor, into the map the graph
// takes. Zero values are left out: a record lacks the keys a request left
// out, so a DictVectorizer or CastMap sees what it would see from a
// client that sent the map itself.
func (r *recordKeys) record(row *tensor.Tensor) (ops.Map, error) {
	var keep []int
	if s, ok := tensor.Values[string](row); ok {
		for i, v := range s {
			if v != "" {
				keep = append(keep, i)
			}
		}
	} else {
		f, err := row.Float64s()
		if err != nil {
			return ops.Map{}, err
		}
		for i, v := range f {
			if v != 0 {
				keep = append(keep, i)
			}
		}
	}
	keys, err := ops.Take(r.keys, []int{len(keep)}, keep)
	if err != nil {
		return ops.Map{}, err
	}
	vals, err := ops.Take(row, []int{len(keep)}, keep)
	return ops.Map{Keys: keys, Values: vals}, err
}
