package sklearn

import (
	"fmt"

	"github.com/slipwayml/slipway/format/pickle"
)

func init() {
	register(decodeColumnTransformer, "sklearn.compose._column_transformer.ColumnTransformer")
}

// columnTransformer is a fitted ColumnTransformer: each transformer gets
// its columns of the input and the outputs are stacked side by side, in
// the order of transformers_ (the remainder last).
type columnTransformer struct {
	names []string // feature_names_in_, nil when fitted on an array
	nf    int
	parts []ctPart
}

// ctPart is one (name, transformer, columns) entry of transformers_;
// est is nil for "passthrough".
type ctPart struct {
	name   string
	est    Estimator
	cols   []int
	weight float64
}

func decodeColumnTransformer(o *pickle.Object) (Estimator, error) {
	s := state{o}
	ct := &columnTransformer{nf: s.nFeatures()}
	var err error
	if ct.names, err = featureNames(s, ct.nf); err != nil {
		return nil, err
	}
	if ct.nf < 0 {
		return nil, fmt.Errorf("n_features_in_ is missing (fitted before scikit-learn 0.24?)")
	}
	weights, err := transformerWeights(s)
	if err != nil {
		return nil, err
	}
	v, err := s.raw("transformers_")
	if err != nil {
		return nil, err
	}
	list, ok := v.(*pickle.List)
	if !ok {
		return nil, fmt.Errorf("transformers_: expected a list, found %T", v)
	}
	for i, item := range list.Items {
		t, ok := item.(pickle.Tuple)
		if !ok || len(t) != 3 {
			return nil, fmt.Errorf("transformers_[%d]: expected (name, transformer, columns), found %v", i, item)
		}
		p := ctPart{weight: 1}
		p.name, _ = t[0].(string)
		if w, ok := weights[p.name]; ok {
			p.weight = w
		}
		if p.cols, err = ct.columns(t[2]); err != nil {
			return nil, fmt.Errorf("transformer %q: columns: %w", p.name, err)
		}
		switch t[1] {
		case "drop":
			continue
		case "passthrough":
		default:
			if p.est, err = decode(t[1]); err != nil {
				return nil, fmt.Errorf("transformer %q: %w", p.name, err)
			}
			if _, ok := p.est.(Transformer); !ok {
				return nil, fmt.Errorf("transformer %q (%s) does not transform", p.name, p.est.Class())
			}
			if nf := p.est.NFeatures(); nf >= 0 && nf != len(p.cols) {
				return nil, fmt.Errorf("transformer %q (%s) takes %d features but is given %d columns", p.name, p.est.Class(), nf, len(p.cols))
			}
		}
		if len(p.cols) > 0 {
			ct.parts = append(ct.parts, p)
		}
	}
	return ct, nil
}

// transformerWeights reads transformer_weights: None or {name: weight}.
func transformerWeights(s state) (map[string]float64, error) {
	v, err := s.raw("transformer_weights")
	if err != nil {
		return nil, err
	}
	out := map[string]float64{}
	switch v := v.(type) {
	case pickle.None:
	case *pickle.Dict:
		for i, k := range v.Keys {
			name, _ := k.(string)
			w, ok := toFloat(v.Values[i])
			if !ok {
				return nil, fmt.Errorf("transformer_weights[%v] is %v, not a number", k, v.Values[i])
			}
			out[name] = w
		}
	default:
		return nil, fmt.Errorf("transformer_weights: expected a dict, found %T", v)
	}
	return out, nil
}

// columns resolves a column selection to input indices: a list or array of
// names or positions, or a boolean mask. A single name or position selects
// a 1-D column (text vectorizers), which Slipway does not support.
func (ct *columnTransformer) columns(v any) ([]int, error) {
	var items []any
	var bools bool
	switch v := v.(type) {
	case *pickle.List:
		items = v.Items
	case *pickle.Array:
		vals, err := v.Values()
		if err != nil {
			return nil, err
		}
		items, bools = vals, v.Dtype.Kind == 'b'
	default:
		return nil, fmt.Errorf("selection %v (%T) is not supported; select columns with a list", v, v)
	}
	var out []int
	for i, it := range items {
		switch it := it.(type) {
		case string:
			j := ct.index(it)
			if j < 0 {
				return nil, fmt.Errorf("column %q is not among feature_names_in_", it)
			}
			out = append(out, j)
		default:
			x, ok := toFloat(it)
			if b, isBool := it.(bool); isBool {
				x, ok, bools = 0, true, true
				if b {
					x = 1
				}
			}
			j := int(x)
			if !ok || float64(j) != x {
				return nil, fmt.Errorf("selection item %v (%T) is not a column", it, it)
			}
			if bools {
				if j != 0 {
					out = append(out, i)
				}
				continue
			}
			if j < 0 {
				j += ct.nf
			}
			if j < 0 || j >= ct.nf {
				return nil, fmt.Errorf("column %d is out of range for %d columns", int(x), ct.nf)
			}
			out = append(out, j)
		}
	}
	if bools && len(items) != ct.nf {
		return nil, fmt.Errorf("boolean mask of %d for %d columns", len(items), ct.nf)
	}
	return out, nil
}

func (ct *columnTransformer) index(name string) int {
	for j, n := range ct.names {
		if n == name {
			return j
		}
	}
	return -1
}

// Class implements Estimator.
func (ct *columnTransformer) Class() string { return "ColumnTransformer" }

// NFeatures implements Estimator.
func (ct *columnTransformer) NFeatures() int { return ct.nf }

func (ct *columnTransformer) columnNames() []string { return ct.names }

// stringColumns reports the columns a transformer expects strings in;
// passthrough and dropped columns are numbers.
func (ct *columnTransformer) stringColumns() []bool {
	out := make([]bool, ct.nf)
	for _, p := range ct.parts {
		c, ok := p.est.(columnar)
		if !ok {
			continue
		}
		for k, isStr := range c.stringColumns() {
			out[p.cols[k]] = isStr
		}
	}
	return out
}

// used reports the columns some transformer reads: the others may be left
// out of a request.
func (ct *columnTransformer) used() []bool {
	out := make([]bool, ct.nf)
	for _, p := range ct.parts {
		for _, j := range p.cols {
			out[j] = true
		}
	}
	return out
}

// Transform implements Transformer.
func (ct *columnTransformer) Transform(X Matrix) (Matrix, error) { return transformMatrix(ct, X) }

func (ct *columnTransformer) transformTable(t Table) (Table, error) {
	out := Table{Rows: t.Rows}
	for _, p := range ct.parts {
		part := t.pick(p.cols)
		if p.est != nil {
			var err error
			if part, err = applyTable(p.est, part); err != nil {
				return Table{}, fmt.Errorf("transformer %q (%s): %w", p.name, p.est.Class(), err)
			}
		}
		if p.weight != 1 {
			for k, c := range part.Cols {
				if c.IsString() {
					return Table{}, fmt.Errorf("transformer %q: cannot weight string column %s", p.name, part.name(k))
				}
				w := make([]float64, len(c.Num))
				for i, x := range c.Num {
					w[i] = x * p.weight
				}
				part.Cols[k] = Column{Num: w}
			}
		}
		out = out.concat(part)
	}
	return out, nil
}
