package sklearn

import (
	"fmt"
	"math"

	"github.com/slipwayml/slipway/format/pickle"
)

func init() {
	register(decodeOneHotEncoder, "sklearn.preprocessing._encoders.OneHotEncoder")
	register(decodeOrdinalEncoder, "sklearn.preprocessing._encoders.OrdinalEncoder")
}

// oneHot is a fitted OneHotEncoder: one 0/1 column per category of each
// feature, less the dropped ones; always dense, since what follows gives
// the same answers for a sparse and a dense matrix.
type oneHot struct {
	encoder
	drop  []int // per feature, the dropped category or -1
	start []int // per feature, its first output column
	width int
}

func decodeOneHotEncoder(o *pickle.Object) (Estimator, error) {
	s := state{o}
	e, err := decodeEncoder(s)
	if err != nil {
		return nil, err
	}
	if e.unknown != "error" && e.unknown != "ignore" && e.unknown != "infrequent_if_exist" {
		return nil, fmt.Errorf("handle_unknown %q is not supported", e.unknown)
	}
	h := &oneHot{encoder: e, drop: make([]int, len(e.cats)), start: make([]int, len(e.cats))}
	if err := h.decodeDrop(s); err != nil {
		return nil, err
	}
	for j, c := range e.cats {
		h.start[j] = h.width
		h.width += c.size
		if h.drop[j] >= 0 {
			h.width--
		}
	}
	return h, nil
}

// decodeDrop reads drop_idx_: None, or per feature an index or None.
func (h *oneHot) decodeDrop(s state) error {
	for j := range h.drop {
		h.drop[j] = -1
	}
	if !s.has("drop_idx_") {
		return nil
	}
	a, err := s.array("drop_idx_")
	if err != nil {
		return err
	}
	vals, err := a.Values()
	if err != nil || len(vals) != len(h.drop) {
		return fmt.Errorf("drop_idx_ has %d entries for %d features (%v)", len(vals), len(h.drop), err)
	}
	for j, v := range vals {
		if _, none := v.(pickle.None); none {
			continue
		}
		x, ok := toFloat(v)
		if !ok || x < 0 || int(x) >= h.cats[j].size || x != float64(int(x)) {
			return fmt.Errorf("drop_idx_[%d] is %v, not a category index", j, v)
		}
		h.drop[j] = int(x)
	}
	return nil
}

// Transform implements Transformer.
func (h *oneHot) Transform(X Matrix) (Matrix, error) { return transformMatrix(h, X) }

func (h *oneHot) transformTable(t Table) (Table, error) {
	X := Matrix{Rows: t.Rows, Cols: h.width, Data: make([]float64, t.Rows*h.width)}
	err := h.each(t, func(i, j, k int) {
		switch d := h.drop[j]; {
		case k < 0 || k == d:
			// Unknown (allowed) or dropped: all zeros.
		case d >= 0 && k > d:
			X.Data[i*h.width+h.start[j]+k-1] = 1
		default:
			X.Data[i*h.width+h.start[j]+k] = 1
		}
	})
	if err != nil {
		return Table{}, err
	}
	return tableOf(X), nil
}

// ordinal is a fitted OrdinalEncoder: each value becomes its category's
// index.
type ordinal struct {
	encoder
	unknownValue float64 // for handle_unknown="use_encoded_value"
	missingValue float64 // encoded_missing_value, for the NaN category
}

func decodeOrdinalEncoder(o *pickle.Object) (Estimator, error) {
	s := state{o}
	e, err := decodeEncoder(s)
	if err != nil {
		return nil, err
	}
	od := &ordinal{encoder: e, missingValue: math.NaN()}
	switch e.unknown {
	case "error":
	case "use_encoded_value":
		if od.unknownValue, err = s.float("unknown_value"); err != nil {
			return nil, err
		}
	default:
		return nil, fmt.Errorf("handle_unknown %q is not supported", e.unknown)
	}
	if s.has("encoded_missing_value") {
		if od.missingValue, err = s.float("encoded_missing_value"); err != nil {
			return nil, err
		}
	}
	return od, nil
}

// Transform implements Transformer.
func (od *ordinal) Transform(X Matrix) (Matrix, error) { return transformMatrix(od, X) }

func (od *ordinal) transformTable(t Table) (Table, error) {
	n := len(od.cats)
	X := Matrix{Rows: t.Rows, Cols: n, Data: make([]float64, t.Rows*n)}
	err := od.each(t, func(i, j, k int) {
		v := float64(k)
		switch {
		case k < 0:
			v = od.unknownValue
		case k == od.cats[j].nan:
			v = od.missingValue
		}
		X.Data[i*n+j] = v
	})
	if err != nil {
		return Table{}, err
	}
	return tableOf(X), nil
}
