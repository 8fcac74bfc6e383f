package sklearn

import (
	"fmt"
)

// Column is one input column of a Table: numbers, or strings when Str is
// not nil.
type Column struct {
	Num []float64
	Str []string
}

// IsString reports whether the column holds strings.
func (c Column) IsString() bool { return c.Str != nil }

// holds names what a column holds, for errors.
func holds(isString bool) string {
	if isString {
		return "strings"
	}
	return "numbers"
}

// Table is the column-wise input of estimators fitted on a pandas
// DataFrame, whose columns may hold strings (categories) as well as
// numbers. Every column has Rows values.
type Table struct {
	Rows  int
	Names []string // column names, parallel to Cols; "" when unnamed
	Cols  []Column
}

// columnar is implemented by transformers that can take string columns
// (encoders, imputers, ColumnTransformer). Their Transform(Matrix) is the
// all-numeric special case.
type columnar interface {
	Estimator
	Transformer
	// transformTable maps a table of NFeatures columns to a new table.
	transformTable(t Table) (Table, error)
	// stringColumns reports, per input column, whether the fitted state
	// expects strings there.
	stringColumns() []bool
	// columnNames returns feature_names_in_: the DataFrame columns it was
	// fitted on, nil when it was fitted on an array.
	columnNames() []string
}

// applyTable runs one transformer step on a table. A numeric-only
// transformer gets the table as a Matrix. The width is checked here, since
// a pickle's steps need not agree with each other.
func applyTable(e Estimator, t Table) (Table, error) {
	if nf := e.NFeatures(); nf >= 0 && len(t.Cols) != nf {
		return Table{}, fmt.Errorf("%s expects %d columns, got %d", e.Class(), nf, len(t.Cols))
	}
	if c, ok := e.(columnar); ok {
		return c.transformTable(t)
	}
	tr, ok := e.(Transformer)
	if !ok {
		return Table{}, fmt.Errorf("%s is not a transformer", e.Class())
	}
	X, err := t.matrix()
	if err != nil {
		return Table{}, fmt.Errorf("%s takes numbers: %w", e.Class(), err)
	}
	if X, err = tr.Transform(X); err != nil {
		return Table{}, err
	}
	return tableOf(X), nil
}

// tableOf views a matrix as a table of unnamed numeric columns.
func tableOf(X Matrix) Table {
	t := Table{Rows: X.Rows, Names: make([]string, X.Cols), Cols: make([]Column, X.Cols)}
	for j := range t.Cols {
		col := make([]float64, X.Rows)
		for i := range col {
			col[i] = X.Data[i*X.Cols+j]
		}
		t.Cols[j].Num = col
	}
	return t
}

// matrix packs an all-numeric table into a row-major matrix.
func (t Table) matrix() (Matrix, error) {
	X := Matrix{Rows: t.Rows, Cols: len(t.Cols), Data: make([]float64, t.Rows*len(t.Cols))}
	for j, c := range t.Cols {
		if c.IsString() {
			return Matrix{}, fmt.Errorf("column %s holds strings", t.name(j))
		}
		for i, v := range c.Num {
			X.Data[i*X.Cols+j] = v
		}
	}
	return X, nil
}

// name names column j in errors.
func (t Table) name(j int) string {
	if j < len(t.Names) && t.Names[j] != "" {
		return fmt.Sprintf("%q", t.Names[j])
	}
	return fmt.Sprint(j)
}

// pick returns the table of the given columns, in that order.
func (t Table) pick(idx []int) Table {
	out := Table{Rows: t.Rows, Names: make([]string, len(idx)), Cols: make([]Column, len(idx))}
	for k, j := range idx {
		out.Names[k], out.Cols[k] = t.Names[j], t.Cols[j]
	}
	return out
}

// concat appends the columns of u to t; both have the same rows.
func (t Table) concat(u Table) Table {
	return Table{
		Rows:  t.Rows,
		Names: append(append([]string(nil), t.Names...), u.Names...),
		Cols:  append(append([]Column(nil), t.Cols...), u.Cols...),
	}
}

// transformMatrix is the Transform(Matrix) of a columnar transformer,
// which checks the width transformTable relies on.
func transformMatrix(c columnar, X Matrix) (Matrix, error) {
	if X.Cols != c.NFeatures() {
		return Matrix{}, fmt.Errorf("expected %d columns, got %d", c.NFeatures(), X.Cols)
	}
	t, err := c.transformTable(tableOf(X))
	if err != nil {
		return Matrix{}, err
	}
	return t.matrix()
}
