package sklearn

import (
	"fmt"
	"math"

	"github.com/slipwayml/slipway/format/pickle"
	"github.com/slipwayml/slipway/tensor"
)

func init() {
	register(decodeGLM,
		"sklearn.linear_model._glm.glm.PoissonRegressor",
		"sklearn.linear_model._glm.glm.GammaRegressor",
		"sklearn.linear_model._glm.glm.TweedieRegressor",
	)
	// Since 1.1 the fitted loss object is pickled (_base_loss); its link is
	// fixed by the hyperparameters, which is what decodeGLM reads.
	allowHelpers(
		"sklearn._loss.link.LogLink",
		"sklearn._loss.loss.HalfPoissonLoss",
		"sklearn._loss.loss.HalfGammaLoss",
		"sklearn._loss.loss.HalfTweedieLoss",
		"sklearn._loss.loss.HalfTweedieLossIdentity",
		"sklearn._loss._loss.CyHalfPoissonLoss",
		"sklearn._loss._loss.CyHalfGammaLoss",
		"sklearn._loss._loss.CyHalfTweedieLoss",
		"sklearn._loss._loss.CyHalfTweedieLossIdentity",
		"sklearn._loss._loss.__pyx_unpickle_CyHalfPoissonLoss",
		"sklearn._loss._loss.__pyx_unpickle_CyHalfGammaLoss",
		"sklearn._loss._loss.__pyx_unpickle_CyHalfTweedieLoss",
		"sklearn._loss._loss.__pyx_unpickle_CyHalfTweedieLossIdentity",
	)
}

// glmRegressor is a generalized linear model: predict is the inverse link
// of X·coef_ + intercept_.
type glmRegressor struct {
	linear
	inverseLink func(float64) float64
}

func identity(x float64) float64 { return x }

// decodeGLM reads a Poisson, Gamma or Tweedie regressor. Poisson and Gamma
// always use the log link; Tweedie's link "auto" is the identity for
// power <= 0 and the log otherwise.
func decodeGLM(o *pickle.Object) (Estimator, error) {
	s := state{o}
	l, err := decodeLinear(s)
	if err != nil {
		return nil, err
	}
	g := &glmRegressor{linear: l, inverseLink: math.Exp}
	if o.Class.Name != "TweedieRegressor" {
		return g, nil
	}
	link, err := s.str("link")
	if err != nil {
		return nil, err
	}
	switch link {
	case "log":
	case "identity":
		g.inverseLink = identity
	case "auto":
		power, err := s.float("power")
		if err != nil {
			return nil, err
		}
		if power <= 0 {
			g.inverseLink = identity
		}
	default:
		return nil, fmt.Errorf("unknown link %q", link)
	}
	return g, nil
}

// Predict implements Predictor.
func (g *glmRegressor) Predict(X Matrix) (*tensor.Tensor, error) {
	y := g.decision(X)
	for i, v := range y {
		y[i] = g.inverseLink(v)
	}
	return g.predictions(X.Rows, y)
}
