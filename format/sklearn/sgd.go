package sklearn

import (
	"fmt"
	"math"

	"github.com/slipwayml/slipway/format/pickle"
)

func init() {
	// Perceptron and PassiveAggressiveClassifier are SGD classifiers with a
	// fixed loss.
	register(decodeSGDClassifier,
		"sklearn.linear_model._stochastic_gradient.SGDClassifier",
		"sklearn.linear_model._perceptron.Perceptron",
		"sklearn.linear_model._passive_aggressive.PassiveAggressiveClassifier",
	)
	// SGD classifiers pickle their Cython loss object (loss_function_, one
	// class per loss they accept); it is built inert and never read.
	for _, loss := range []string{"Hinge", "SquaredHinge", "Log", "ModifiedHuber",
		"SquaredLoss", "Huber", "EpsilonInsensitive", "SquaredEpsilonInsensitive"} {
		allowHelpers("sklearn.linear_model._sgd_fast." + loss)
	}
}

// decodeSGDClassifier reads an SGDClassifier, which has predict_proba only
// for the log and modified Huber losses.
func decodeSGDClassifier(o *pickle.Object) (Estimator, error) {
	s := state{o}
	c, err := decodeLinearClassifier(s, s)
	if err != nil {
		return nil, err
	}
	loss, err := s.str("loss")
	if err != nil {
		return nil, err
	}
	switch loss {
	case "log_loss", "log": // "log" before 1.1
		return &probaClassifier{c, ovrProba}, nil
	case "modified_huber":
		return &probaClassifier{c, modifiedHuberProba}, nil
	case "hinge", "squared_hinge", "perceptron", "squared_error", "squared_loss", "huber", "epsilon_insensitive", "squared_epsilon_insensitive":
		return &c, nil
	}
	return nil, fmt.Errorf("unknown loss %q", loss)
}

// modifiedHuberProba maps each score s to (clip(s, -1, 1) + 1) / 2 and
// normalises over the classes; a row where every class gets zero becomes
// uniform.
func modifiedHuberProba(scores []float64, rows, outputs int) []float64 {
	clip := func(s float64) float64 { return (math.Max(-1, math.Min(1, s)) + 1) / 2 }
	if outputs == 1 {
		return binaryProba(scores, clip)
	}
	p := make([]float64, len(scores))
	for i := 0; i < rows; i++ {
		row := p[i*outputs : (i+1)*outputs]
		var sum float64
		for k := range row {
			row[k] = clip(scores[i*outputs+k])
			sum += row[k]
		}
		if sum == 0 {
			for k := range row {
				row[k] = 1
			}
			sum = float64(outputs)
		}
		for k := range row {
			row[k] /= sum
		}
	}
	return p
}
