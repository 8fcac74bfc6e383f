package sklearn

import (
	"fmt"

	"github.com/slipwayml/slipway/format/pickle"
)

func init() {
	register(decodeFunctionTransformer, "sklearn.preprocessing._function_transformer.FunctionTransformer")
}

// passthrough is a FunctionTransformer without a function, which is what
// ColumnTransformer stores for remainder="passthrough" since scikit-learn
// 1.2. One with a function would need Python (and its global is refused by
// the pickle allow-list before this decoder runs).
type passthrough struct {
	nf    int
	names []string
}

func decodeFunctionTransformer(o *pickle.Object) (Estimator, error) {
	s := state{o}
	if s.has("func") {
		return nil, fmt.Errorf("a FunctionTransformer with a function is not supported")
	}
	names, err := featureNames(s, s.nFeatures())
	if err != nil {
		return nil, err
	}
	return &passthrough{nf: s.nFeatures(), names: names}, nil
}

// Class implements Estimator.
func (p *passthrough) Class() string { return "FunctionTransformer" }

// NFeatures implements Estimator.
func (p *passthrough) NFeatures() int { return p.nf }

// Transform implements Transformer.
func (p *passthrough) Transform(X Matrix) (Matrix, error) { return X, nil }

func (p *passthrough) transformTable(t Table) (Table, error) { return t, nil }

func (p *passthrough) stringColumns() []bool { return make([]bool, max(p.nf, 0)) }

func (p *passthrough) columnNames() []string { return p.names }
