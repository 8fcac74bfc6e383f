package sklearn

import (
	"fmt"
	"math"

	"github.com/slipwayml/slipway/format/pickle"
)

func init() {
	register(decodeLogistic,
		"sklearn.linear_model._logistic.LogisticRegression",
		"sklearn.linear_model._logistic.LogisticRegressionCV",
	)
}

// decodeLogistic reads a LogisticRegression or LogisticRegressionCV. Its probabilities are one-vs-rest
// sigmoids when it was fitted that way (multi_class "ovr", or "auto" with two
// classes or the liblinear solver), a softmax otherwise.
func decodeLogistic(o *pickle.Object) (Estimator, error) {
	s := state{o}
	c, err := decodeLinearClassifier(s, s)
	if err != nil {
		return nil, err
	}
	multi, err := s.str("multi_class")
	if err != nil {
		return nil, err
	}
	solver, err := s.str("solver")
	if err != nil {
		return nil, err
	}
	var ovr bool
	switch multi {
	case "ovr", "warn":
		ovr = true
	case "auto", "deprecated": // "deprecated" is 1.5's default, meaning "auto"
		ovr = c.classes.n <= 2 || solver == "liblinear"
	case "multinomial":
	default:
		return nil, fmt.Errorf("unknown multi_class %q", multi)
	}
	if ovr {
		return &probaClassifier{c, ovrProba}, nil
	}
	return &probaClassifier{c, softmaxProba}, nil
}

// softmaxProba is the multinomial model's probabilities; a binary score s
// stands for the pair [-s, s].
func softmaxProba(scores []float64, rows, outputs int) []float64 {
	if outputs == 1 {
		return binaryProba(scores, func(s float64) float64 { return expit(2 * s) })
	}
	p := make([]float64, len(scores))
	for i := 0; i < rows; i++ {
		in := scores[i*outputs : (i+1)*outputs]
		row := p[i*outputs : (i+1)*outputs]
		hi := in[0]
		for _, v := range in[1:] {
			hi = math.Max(hi, v)
		}
		var sum float64
		for k, v := range in {
			row[k] = math.Exp(v - hi)
			sum += row[k]
		}
		for k := range row {
			row[k] /= sum
		}
	}
	return p
}
