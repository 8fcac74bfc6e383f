package sklearn

import (
	"fmt"
	"math"
	"strings"

	"github.com/slipwayml/slipway/format/pickle"
)

func init() {
	// The loss and link objects GradientBoosting pickles across versions:
	// sklearn.ensemble._gb_losses up to 1.0, sklearn._loss (and its Cython
	// classes) later. They are read for their parameters only.
	allowHelpers(
		"sklearn._loss.loss.HalfBinomialLoss",
		"sklearn._loss.loss.HalfMultinomialLoss",
		"sklearn._loss.loss.HalfSquaredError",
		"sklearn._loss.loss.AbsoluteError",
		"sklearn._loss.loss.HuberLoss",
		"sklearn._loss.loss.PinballLoss",
		"sklearn._loss.link.IdentityLink",
		"sklearn._loss.link.LogitLink",
		"sklearn._loss.link.MultinomialLogit",
		"sklearn._loss.link.Interval",
		"sklearn._loss._loss.CyHalfBinomialLoss",
		"sklearn._loss._loss.CyHalfMultinomialLoss",
		"sklearn._loss._loss.CyHalfSquaredError",
		"sklearn._loss._loss.CyAbsoluteError",
		"sklearn._loss._loss.CyHuberLoss",
		"sklearn._loss._loss.CyPinballLoss",
		"sklearn._loss._loss.__pyx_unpickle_CyHalfBinomialLoss",
		"sklearn._loss._loss.__pyx_unpickle_CyHalfMultinomialLoss",
		"sklearn._loss._loss.__pyx_unpickle_CyExponentialLoss",
		"sklearn._loss._loss.__pyx_unpickle_CyHalfSquaredError",
		"sklearn._loss._loss.__pyx_unpickle_CyAbsoluteError",
		"sklearn._loss._loss.__pyx_unpickle_CyHuberLoss",
		"sklearn._loss._loss.__pyx_unpickle_CyPinballLoss",
		"sklearn._loss._loss.CyExponentialLoss",
		"sklearn._loss.loss.ExponentialLoss",
		"sklearn._loss.link.HalfLogitLink",
		"sklearn.ensemble._gb_losses.BinomialDeviance",
		"sklearn.ensemble._gb_losses.MultinomialDeviance",
		"sklearn.ensemble._gb_losses.LeastSquaresError",
		"sklearn.ensemble._gb_losses.LeastAbsoluteError",
		"sklearn.ensemble._gb_losses.HuberLossFunction",
		"sklearn.ensemble._gb_losses.QuantileLossFunction",
		"sklearn.ensemble._gb_losses.ExponentialLoss",
	)
}

// gbLoss is how a gradient boosting classifier turns raw scores into
// probabilities and labels, and its init estimator's probabilities into
// raw scores.
type gbLoss struct {
	kind lossKind
	// modern marks the sklearn._loss objects of scikit-learn ≥ 1.3, which
	// center multinomial init scores and decide binary labels by sign.
	modern bool
}

type lossKind int

const (
	binomial    lossKind = iota // log loss, two classes
	multinomial                 // log loss, more classes
	exponential                 // AdaBoost's exponential loss, two classes
)

// lossKinds maps the loss classes of scikit-learn ≤ 1.2
// (sklearn.ensemble._gb_losses) and ≥ 1.3 (sklearn._loss.loss).
var lossKinds = map[string]lossKind{
	"BinomialDeviance":    binomial,
	"HalfBinomialLoss":    binomial,
	"MultinomialDeviance": multinomial,
	"HalfMultinomialLoss": multinomial,
	"ExponentialLoss":     exponential,
}

// decodeLoss reads the fitted loss object (_loss since 1.1, loss_ before),
// or else the loss parameter, of a classifier with k trees per stage.
func decodeLoss(s state, k int) (gbLoss, error) {
	var l gbLoss
	if g, ok := lossObject(s); ok {
		kind, known := lossKinds[g.Name]
		if !known {
			return l, fmt.Errorf("unsupported classification loss %s", g)
		}
		l = gbLoss{kind: kind, modern: strings.HasPrefix(g.Module, "sklearn._loss")}
	} else {
		name, err := s.str("loss")
		if err != nil {
			return l, err
		}
		switch {
		case name == "exponential":
			l.kind = exponential
		case k > 1:
			l.kind = multinomial
		}
	}
	if (l.kind == multinomial) != (k > 1) {
		return l, fmt.Errorf("loss does not match %d trees per stage", k)
	}
	return l, nil
}

// lossObject returns the class of the pickled loss object, if there is one.
func lossObject(s state) (pickle.Global, bool) {
	for _, attr := range []string{"_loss", "loss_"} {
		v, _ := s.o.Attr(attr)
		if o, ok := v.(*pickle.Object); ok {
			return o.Class, true
		}
	}
	return pickle.Global{}, false
}

// probaEps is np.finfo(np.float32).eps: init probabilities are clipped to
// [eps, 1-eps] before their logarithm is taken.
const probaEps = 0x1p-23

// initRaw turns one row of the init estimator's probabilities into raw
// scores (k of them).
func (l gbLoss) initRaw(p, raw []float64) {
	clip := func(x float64) float64 { return min(max(x, probaEps), 1-probaEps) }
	switch l.kind {
	case binomial, exponential:
		q := clip(p[1])
		raw[0] = math.Log(q / (1 - q))
		if l.kind == exponential {
			raw[0] *= 0.5
		}
	case multinomial:
		// ≤ 1.2 takes log p; ≥ 1.3 divides p by its geometric mean first.
		meanLog := 0.0
		for j := range raw {
			raw[j] = math.Log(clip(p[j]))
			meanLog += raw[j]
		}
		if l.modern {
			gm := math.Exp(meanLog / float64(len(raw)))
			for j := range raw {
				raw[j] = math.Log(clip(p[j]) / gm)
			}
		}
	}
}

// proba turns n × k raw scores into n × classes probabilities.
func (l gbLoss) proba(raw []float64, n, k int) []float64 {
	switch l.kind {
	case binomial:
		return binaryProba(raw, expit)
	case exponential:
		return binaryProba(raw, func(s float64) float64 { return expit(2 * s) })
	}
	return softmaxProba(raw, n, k)
}

// decide returns the class index of each row of n × k raw scores.
func (l gbLoss) decide(raw []float64, n, k int) []int {
	if k == 1 && (l.modern || l.kind == exponential) {
		idx := make([]int, n)
		for i, s := range raw {
			if s >= 0 {
				idx[i] = 1
			}
		}
		return idx
	}
	if l.modern {
		return argmaxRows(raw, n, k)
	}
	// ≤ 1.2 takes the argmax of the probabilities, which can tie where the
	// raw scores do not.
	classes := max(k, 2)
	return argmaxRows(l.proba(raw, n, k), n, classes)
}
