package sklearn

import (
	"fmt"
	"math"

	"github.com/slipwayml/slipway/format/pickle"
)

// categories is one feature's fitted categories_ of an encoder: strings
// (object dtype) or numbers, in scikit-learn's sorted order with a missing
// value (NaN) last when it was seen in fit.
type categories struct {
	str  map[string]int // nil for a numeric feature
	num  map[float64]int
	nan  int // index of the NaN category, or -1
	size int
}

// decodeCategories reads an encoder's categories_: a list of 1-D arrays,
// one per feature.
func decodeCategories(s state) ([]categories, error) {
	v, err := s.raw("categories_")
	if err != nil {
		return nil, err
	}
	list, ok := v.(*pickle.List)
	if !ok {
		return nil, fmt.Errorf("categories_: expected a list of arrays, found %T", v)
	}
	out := make([]categories, len(list.Items))
	for j, item := range list.Items {
		a, ok := item.(*pickle.Array)
		if !ok || len(a.Shape) != 1 {
			return nil, fmt.Errorf("categories_[%d]: expected a 1-D array, found %T", j, item)
		}
		if out[j], err = newCategories(a); err != nil {
			return nil, fmt.Errorf("categories_[%d]: %w", j, err)
		}
	}
	return out, nil
}

func newCategories(a *pickle.Array) (categories, error) {
	c := categories{nan: -1, size: a.Len()}
	if k := a.Dtype.Kind; k != 'O' && k != 'U' && k != 'S' {
		f, err := a.Float64s()
		if err != nil {
			return c, err
		}
		c.num = make(map[float64]int, len(f))
		for i, x := range f {
			c.addNum(x, i)
		}
		return c, nil
	}
	vals, err := a.Values()
	if err != nil {
		return c, err
	}
	for i, v := range vals {
		switch v := v.(type) {
		case string, []byte:
			if c.str == nil {
				c.str = make(map[string]int, len(vals))
			}
			c.str[asString(v)] = i
		case pickle.None:
			c.nan = i // pandas' None is a missing value, like NaN
		default:
			x, ok := toFloat(v)
			if !ok {
				return c, fmt.Errorf("category %v (%T) is neither a string nor a number", v, v)
			}
			if c.num == nil {
				c.num = make(map[float64]int, len(vals))
			}
			c.addNum(x, i)
		}
	}
	if c.str != nil && c.num != nil {
		return c, fmt.Errorf("categories mix strings and numbers")
	}
	return c, nil
}

func (c *categories) addNum(x float64, i int) {
	if math.IsNaN(x) {
		c.nan = i
		return
	}
	c.num[x] = i
}

func asString(v any) string {
	if b, ok := v.([]byte); ok {
		return string(b)
	}
	return v.(string)
}

// isString reports whether the feature's categories are strings.
func (c categories) isString() bool { return c.str != nil }

// index returns the category of row i of col, or -1 when the value was not
// seen in fit.
func (c categories) index(col Column, i int) (int, error) {
	if col.IsString() != c.isString() {
		return 0, fmt.Errorf("expected %s", holds(c.isString()))
	}
	if col.IsString() {
		if k, ok := c.str[col.Str[i]]; ok {
			return k, nil
		}
		return -1, nil
	}
	x := col.Num[i]
	if math.IsNaN(x) {
		return c.nan, nil
	}
	if k, ok := c.num[x]; ok {
		return k, nil
	}
	return -1, nil
}

// value renders row i of col for an unknown-category error.
func (col Column) value(i int) string {
	if col.IsString() {
		return fmt.Sprintf("%q", col.Str[i])
	}
	return fmt.Sprint(col.Num[i])
}

// encoder is the fitted state OneHotEncoder and OrdinalEncoder share.
type encoder struct {
	class   string
	cats    []categories
	names   []string // feature_names_in_, nil when fitted on an array
	unknown string   // handle_unknown
}

func decodeEncoder(s state) (encoder, error) {
	e := encoder{class: s.o.Class.Name}
	var err error
	if e.cats, err = decodeCategories(s); err != nil {
		return e, err
	}
	if infrequent, _ := s.boolean("_infrequent_enabled"); infrequent {
		return e, fmt.Errorf("infrequent categories (min_frequency/max_categories) are not supported")
	}
	if e.unknown, err = s.str("handle_unknown"); err != nil {
		return e, err
	}
	if e.names, err = featureNames(s, len(e.cats)); err != nil {
		return e, err
	}
	return e, nil
}

// NFeatures implements Estimator.
func (e *encoder) NFeatures() int { return len(e.cats) }

// Class implements Estimator.
func (e *encoder) Class() string { return e.class }

func (e *encoder) stringColumns() []bool {
	out := make([]bool, len(e.cats))
	for j, c := range e.cats {
		out[j] = c.isString()
	}
	return out
}

func (e *encoder) columnNames() []string { return e.names }

// each calls f with the category index of every cell, feature by feature;
// unknown values are -1 when handle_unknown allows them, else an error.
func (e *encoder) each(t Table, f func(i, j, k int)) error {
	for j, c := range e.cats {
		col := t.Cols[j]
		for i := range t.Rows {
			k, err := c.index(col, i)
			if err != nil {
				return fmt.Errorf("column %s: %w", t.name(j), err)
			}
			if k < 0 && e.unknown == "error" {
				return fmt.Errorf("column %s: unknown category %s", t.name(j), col.value(i))
			}
			f(i, j, k)
		}
	}
	return nil
}

// featureNames reads feature_names_in_, the DataFrame columns the estimator
// was fitted on; nil when it was fitted on an array.
func featureNames(s state, n int) ([]string, error) {
	if !s.has("feature_names_in_") {
		return nil, nil
	}
	a, err := s.array("feature_names_in_")
	if err != nil {
		return nil, err
	}
	vals, err := a.Values()
	if err != nil {
		return nil, fmt.Errorf("feature_names_in_: %w", err)
	}
	names := make([]string, len(vals))
	for i, v := range vals {
		if names[i], _ = v.(string); names[i] == "" {
			return nil, fmt.Errorf("feature_names_in_[%d] is %v, not a column name", i, v)
		}
	}
	if n >= 0 && len(names) != n {
		return nil, fmt.Errorf("feature_names_in_ names %d columns, want %d", len(names), n)
	}
	return names, nil
}
