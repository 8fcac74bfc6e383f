package sklearn

import (
	"fmt"
	"math"

	"github.com/slipwayml/slipway/format/pickle"
)

func init() {
	register(decodeSimpleImputer, "sklearn.impute._base.SimpleImputer", "sklearn.impute.SimpleImputer")
}

// imputer is a fitted SimpleImputer: missing cells take the column's
// statistic (mean, median, most frequent value or constant, all stored in
// statistics_). Columns that were entirely missing in fit are dropped, as
// scikit-learn drops them, unless keep_empty_features kept them as zeros.
type imputer struct {
	names []string
	// Per input column: the fill value and whether the column is kept.
	fillNum []float64
	fillStr []string // nil when the statistics are numbers
	keep    []bool
	// The missing marker: NaN (and None), a number, or a string.
	missingNaN bool
	missingNum float64
	missingStr *string
}

func decodeSimpleImputer(o *pickle.Object) (Estimator, error) {
	s := state{o}
	if s.has("indicator_") {
		return nil, fmt.Errorf("add_indicator=True is not supported")
	}
	im := &imputer{}
	if err := im.decodeMissing(s); err != nil {
		return nil, err
	}
	a, err := s.array("statistics_")
	if err != nil {
		return nil, err
	}
	stats, err := a.Values()
	if err != nil || len(a.Shape) != 1 {
		return nil, fmt.Errorf("statistics_: want a 1-D array, found shape %v (%v)", a.Shape, err)
	}
	strategy, err := s.str("strategy")
	if err != nil {
		return nil, err
	}
	keepEmpty, _ := s.boolean("keep_empty_features") // absent before 1.2: false
	n := len(stats)
	im.fillNum, im.keep = make([]float64, n), make([]bool, n)
	for j, v := range stats {
		if str, ok := v.(string); ok {
			if im.fillStr == nil {
				im.fillStr = make([]string, n)
			}
			im.fillStr[j], im.keep[j] = str, true
			continue
		}
		x, ok := toFloat(v)
		if _, none := v.(pickle.None); none {
			x, ok = math.NaN(), true
		}
		if !ok {
			return nil, fmt.Errorf("statistics_[%d] is %v (%T), not a fill value", j, v, v)
		}
		im.fillNum[j] = x
		switch {
		case !math.IsNaN(x) || strategy == "constant":
			im.keep[j] = true
		case keepEmpty:
			im.fillNum[j], im.keep[j] = 0, true
		}
	}
	if im.fillStr != nil {
		for j, str := range im.fillStr {
			if !im.keep[j] {
				return nil, fmt.Errorf("statistics_ mixes strings and numbers (column %d: %v)", j, str)
			}
		}
	}
	if im.names, err = featureNames(s, n); err != nil {
		return nil, err
	}
	return im, nil
}

func (im *imputer) decodeMissing(s state) error {
	v, err := s.raw("missing_values")
	if err != nil {
		return err
	}
	switch v := v.(type) {
	case pickle.None:
		im.missingNaN = true
	case string:
		im.missingStr = &v
	default:
		x, ok := toFloat(v)
		if !ok {
			return fmt.Errorf("missing_values %v (%T) is not supported", v, v)
		}
		im.missingNaN, im.missingNum = math.IsNaN(x), x
	}
	return nil
}

// Class implements Estimator.
func (im *imputer) Class() string { return "SimpleImputer" }

// NFeatures implements Estimator.
func (im *imputer) NFeatures() int { return len(im.keep) }

func (im *imputer) stringColumns() []bool {
	out := make([]bool, len(im.keep))
	for j := range out {
		out[j] = im.fillStr != nil
	}
	return out
}

func (im *imputer) columnNames() []string { return im.names }

// Transform implements Transformer.
func (im *imputer) Transform(X Matrix) (Matrix, error) { return transformMatrix(im, X) }

func (im *imputer) transformTable(t Table) (Table, error) {
	out := Table{Rows: t.Rows}
	for j, col := range t.Cols {
		if !im.keep[j] {
			continue
		}
		if col.IsString() != (im.fillStr != nil) {
			return Table{}, fmt.Errorf("column %s: SimpleImputer was fitted on %s", t.name(j), holds(im.fillStr != nil))
		}
		var c Column
		if col.IsString() {
			c.Str = make([]string, t.Rows)
			for i, v := range col.Str {
				if im.missingStr != nil && v == *im.missingStr {
					v = im.fillStr[j]
				}
				c.Str[i] = v
			}
		} else {
			c.Num = make([]float64, t.Rows)
			for i, v := range col.Num {
				if im.missingNaN && math.IsNaN(v) || !im.missingNaN && im.missingStr == nil && v == im.missingNum {
					v = im.fillNum[j]
				}
				c.Num[i] = v
			}
		}
		out.Names, out.Cols = append(out.Names, t.Names[j]), append(out.Cols, c)
	}
	return out, nil
}
