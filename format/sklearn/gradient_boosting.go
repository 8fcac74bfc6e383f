package sklearn

import (
	"fmt"

	"github.com/slipwayml/slipway/format/pickle"
	"github.com/slipwayml/slipway/tensor"
)

func init() {
	register(decodeGBClassifier, "sklearn.ensemble._gb.GradientBoostingClassifier")
	register(decodeGBRegressor, "sklearn.ensemble._gb.GradientBoostingRegressor")
}

// boosted is the part gradient boosting classifiers and regressors share:
// raw scores are init_'s raw prediction plus learning_rate times the leaf
// of every tree, k trees per stage.
type boosted struct {
	class  string
	nf     int
	k      int
	stages []ensemble // stages[i][j] scores column j; leaves pre-scaled by learning_rate
	init   initFunc   // nil for init="zero"
}

func (b *boosted) Class() string  { return b.class }
func (b *boosted) NFeatures() int { return b.nf }

// raw returns the n × k raw scores. Like scikit-learn, it rounds X to
// float32 before init_ sees it too, and adds the trees stage by stage.
func (b *boosted) raw(X Matrix) ([]float64, error) {
	X = float32Rows(X)
	raw := make([]float64, X.Rows*b.k)
	if b.init != nil {
		if err := b.init(X, raw); err != nil {
			return nil, fmt.Errorf("init_: %w", err)
		}
	}
	for r := 0; r < X.Rows; r++ {
		x, acc := X.Row(r), raw[r*b.k:(r+1)*b.k]
		for _, stage := range b.stages {
			for j, t := range stage {
				acc[j] += t.leaf(x)[0]
			}
		}
	}
	return raw, nil
}

// decodeBoosted reads estimators_ (an object array of DecisionTreeRegressor,
// n_stages × k) and learning_rate.
func decodeBoosted(o *pickle.Object) (*boosted, error) {
	s := state{o}
	lr, err := s.float("learning_rate")
	if err != nil {
		return nil, err
	}
	a, err := s.array("estimators_")
	if err != nil {
		return nil, err
	}
	if len(a.Shape) != 2 || a.Shape[0] < 1 || a.Shape[1] < 1 {
		return nil, fmt.Errorf("estimators_ has shape %v, want [stages, k]", a.Shape)
	}
	ests, err := a.Values()
	if err != nil {
		return nil, fmt.Errorf("estimators_: %w", err)
	}
	b := &boosted{class: o.Class.Name, nf: s.nFeatures(), k: a.Shape[1], stages: make([]ensemble, a.Shape[0])}
	for i := range b.stages {
		b.stages[i] = make(ensemble, b.k)
		for j := range b.stages[i] {
			t, err := treeOf(ests[i*b.k+j], b.nf)
			if err != nil {
				return nil, fmt.Errorf("estimators_[%d, %d]: %w", i, j, err)
			}
			if t.width != 1 {
				return nil, fmt.Errorf("estimators_[%d, %d] has %d values per leaf, want 1", i, j, t.width)
			}
			// scikit-learn adds learning_rate * value; the product is the
			// same taken once here.
			for v := range t.values {
				t.values[v] *= lr
			}
			b.stages[i][j], b.nf = t, t.nFeatures
		}
	}
	return b, nil
}

// gbRegressor is a fitted GradientBoostingRegressor.
type gbRegressor struct{ *boosted }

func (r gbRegressor) Predict(X Matrix) (*tensor.Tensor, error) {
	raw, err := r.raw(X)
	if err != nil {
		return nil, err
	}
	return tensor.New([]int{X.Rows}, raw)
}

func decodeGBRegressor(o *pickle.Object) (Estimator, error) {
	b, err := decodeBoosted(o)
	if err != nil {
		return nil, err
	}
	if b.k != 1 {
		return nil, fmt.Errorf("estimators_ has %d trees per stage, a regressor 1", b.k)
	}
	if b.init, err = regressionInit(state{o}, b.nf); err != nil {
		return nil, err
	}
	return gbRegressor{b}, nil
}

// gbClassifier is a fitted GradientBoostingClassifier.
type gbClassifier struct {
	*boosted
	classes labels
	loss    gbLoss
}

func (c *gbClassifier) labelDType() tensor.DType { return c.classes.dtype }

func (c *gbClassifier) Predict(X Matrix) (*tensor.Tensor, error) {
	raw, err := c.raw(X)
	if err != nil {
		return nil, err
	}
	return c.classes.pick(c.loss.decide(raw, X.Rows, c.k)), nil
}

func (c *gbClassifier) PredictProba(X Matrix) (*tensor.Tensor, error) {
	raw, err := c.raw(X)
	if err != nil {
		return nil, err
	}
	return tensor.New([]int{X.Rows, c.classes.n}, c.loss.proba(raw, X.Rows, c.k))
}

// DecisionFunction returns the raw scores: [n] for two classes, else [n, k].
func (c *gbClassifier) DecisionFunction(X Matrix) (*tensor.Tensor, error) {
	raw, err := c.raw(X)
	if err != nil {
		return nil, err
	}
	return regressionTensor(raw, X.Rows, c.k)
}

// treesPerStage is how many trees a boosted classifier of n classes fits
// per stage: one per class, but a single one for two.
func treesPerStage(n int) int {
	if n == 2 {
		return 1
	}
	return n
}

func decodeGBClassifier(o *pickle.Object) (Estimator, error) {
	b, err := decodeBoosted(o)
	if err != nil {
		return nil, err
	}
	s := state{o}
	classes, err := decodeLabels(s)
	if err != nil {
		return nil, err
	}
	if classes.n < 2 || b.k != treesPerStage(classes.n) {
		return nil, fmt.Errorf("estimators_ has %d trees per stage for %d classes", b.k, classes.n)
	}
	c := &gbClassifier{boosted: b, classes: classes}
	if c.loss, err = decodeLoss(s, b.k); err != nil {
		return nil, err
	}
	if b.init, err = classificationInit(s, b.nf, c.loss, classes.n, b.k); err != nil {
		return nil, err
	}
	return c, nil
}
