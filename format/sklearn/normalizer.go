package sklearn

import (
	"fmt"
	"math"

	"github.com/slipwayml/slipway/format/pickle"
)

func init() {
	register(decodeNormalizer, "sklearn.preprocessing._data.Normalizer")
}

// normalizer scales each row to unit l1, l2 or max norm.
type normalizer struct {
	norm     func(row []float64) float64
	features int
}

// rowNorms are the norms Normalizer offers, by name.
var rowNorms = map[string]func(row []float64) float64{
	"l1": func(row []float64) float64 {
		var sum float64
		for _, x := range row {
			sum += math.Abs(x)
		}
		return sum
	},
	"l2": func(row []float64) float64 {
		var sum float64
		for _, x := range row {
			sum += x * x
		}
		return math.Sqrt(sum)
	},
	"max": func(row []float64) float64 {
		var hi float64
		for _, x := range row {
			hi = math.Max(hi, math.Abs(x))
		}
		return hi
	},
}

func decodeNormalizer(o *pickle.Object) (Estimator, error) {
	s := state{o}
	name, err := s.str("norm")
	if err != nil {
		return nil, err
	}
	norm, ok := rowNorms[name]
	if !ok {
		return nil, fmt.Errorf("unknown norm %q, want l1, l2 or max", name)
	}
	return &normalizer{norm: norm, features: s.nFeatures()}, nil
}

// Class implements Estimator.
func (n *normalizer) Class() string { return "Normalizer" }

// NFeatures implements Estimator.
func (n *normalizer) NFeatures() int { return n.features }

// tinyNorm is where scikit-learn's _handle_zeros_in_scale treats a norm as
// zero and leaves the row unscaled: 10 float64 epsilons.
const tinyNorm = 10 * 0x1p-52

// Transform implements Transformer.
func (n *normalizer) Transform(X Matrix) (Matrix, error) {
	out := Matrix{Rows: X.Rows, Cols: X.Cols, Data: make([]float64, len(X.Data))}
	for i := 0; i < X.Rows; i++ {
		row := X.Row(i)
		norm := n.norm(row)
		if norm < tinyNorm {
			norm = 1
		}
		for j, x := range row {
			out.Data[i*X.Cols+j] = x / norm
		}
	}
	return out, nil
}
