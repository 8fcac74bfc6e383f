package sklearn

import "fmt"

// Gradient boosting starts from init_: an estimator fitted on the training
// targets (DummyClassifier or DummyRegressor by default, or any estimator the
// user passed), or the string "zero" for no start at all. Its raw scores are
// written into the zeroed n × k scores.
type initFunc func(X Matrix, raw []float64) error

// initEstimator decodes init_; nil means "zero".
func initEstimator(s state, nf int) (Estimator, error) {
	v, err := s.raw("init_")
	if err != nil || v == "zero" {
		return nil, err
	}
	est, err := decode(v)
	if err != nil {
		return nil, fmt.Errorf("init_: %w", err)
	}
	if n := est.NFeatures(); n >= 0 && n != nf {
		return nil, fmt.Errorf("init_ takes %d features, the trees %d", n, nf)
	}
	return est, nil
}

// regressionInit starts from init_'s predictions.
func regressionInit(s state, nf int) (initFunc, error) {
	est, err := initEstimator(s, nf)
	if est == nil {
		return nil, err // init="zero" when err is nil
	}
	p, ok := est.(Predictor)
	if !ok {
		return nil, fmt.Errorf("init_ %s has no predict", est.Class())
	}
	return func(X Matrix, raw []float64) error {
		t, err := p.Predict(X)
		if err != nil {
			return err
		}
		y, err := t.Float64s()
		if err != nil {
			return err
		}
		if len(y) != len(raw) {
			return fmt.Errorf("predict returned shape %v for %d rows", t.Shape(), X.Rows)
		}
		copy(raw, y)
		return nil
	}, nil
}

// classificationInit starts from init_'s probabilities taken through the
// loss's link function, k raw scores per row.
func classificationInit(s state, nf int, loss gbLoss, classes, k int) (initFunc, error) {
	est, err := initEstimator(s, nf)
	if est == nil {
		return nil, err // init="zero" when err is nil
	}
	p, ok := est.(ProbaPredictor)
	if !ok {
		return nil, fmt.Errorf("init_ %s has no predict_proba", est.Class())
	}
	return func(X Matrix, raw []float64) error {
		t, err := p.PredictProba(X)
		if err != nil {
			return err
		}
		proba, err := t.Float64s()
		if err != nil {
			return err
		}
		if len(proba) != X.Rows*classes {
			return fmt.Errorf("predict_proba returned shape %v for %d rows of %d classes", t.Shape(), X.Rows, classes)
		}
		for r := 0; r < X.Rows; r++ {
			loss.initRaw(proba[r*classes:(r+1)*classes], raw[r*k:(r+1)*k])
		}
		return nil
	}, nil
}
