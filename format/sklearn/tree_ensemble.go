package sklearn

import (
	"fmt"

	"github.com/slipwayml/slipway/format/pickle"
	"github.com/slipwayml/slipway/tensor"
)

// ensemble averages the leaf values of its trees, as a forest does; a single
// tree is an ensemble of one (adding to zero and dividing by one are exact).
type ensemble []*tree

// mean returns, row by row, the mean of the trees' leaf values: n × width.
// Trees are summed in order and then divided, as scikit-learn accumulates.
func (e ensemble) mean(X Matrix) []float64 {
	X = float32Rows(X)
	w := e[0].width
	out := make([]float64, X.Rows*w)
	for r := 0; r < X.Rows; r++ {
		x, acc := X.Row(r), out[r*w:(r+1)*w]
		for _, t := range e {
			for j, v := range t.leaf(x) {
				acc[j] += v
			}
		}
		if len(e) > 1 {
			n := float64(len(e))
			for j := range acc {
				acc[j] /= n
			}
		}
	}
	return out
}

// treeClassifier is a single-output tree or forest classifier.
type treeClassifier struct {
	class   string
	nf      int
	classes labels
	proba   ensemble // trees with normalised leaves: predict_proba
	votes   ensemble // what predict takes the argmax of
}

func (c *treeClassifier) Class() string            { return c.class }
func (c *treeClassifier) NFeatures() int           { return c.nf }
func (c *treeClassifier) labelDType() tensor.DType { return c.classes.dtype }

func (c *treeClassifier) Predict(X Matrix) (*tensor.Tensor, error) {
	return c.classes.pick(argmaxRows(c.votes.mean(X), X.Rows, c.classes.n)), nil
}

func (c *treeClassifier) PredictProba(X Matrix) (*tensor.Tensor, error) {
	return tensor.New([]int{X.Rows, c.classes.n}, c.proba.mean(X))
}

// treeRegressor is a tree or forest regressor, single- or multi-output.
type treeRegressor struct {
	class   string
	nf      int
	outputs int // n_outputs_; one output predicts shape [n]
	trees   ensemble
}

func (r *treeRegressor) Class() string  { return r.class }
func (r *treeRegressor) NFeatures() int { return r.nf }

func (r *treeRegressor) Predict(X Matrix) (*tensor.Tensor, error) {
	return regressionTensor(r.trees.mean(X), X.Rows, r.outputs)
}

// regressionTensor shapes n × outputs predictions as scikit-learn returns
// them: [n] for one output.
func regressionTensor(data []float64, n, outputs int) (*tensor.Tensor, error) {
	if outputs == 1 {
		return tensor.New([]int{n}, data)
	}
	return tensor.New([]int{n, outputs}, data)
}

// treeOf decodes the tree_ of a fitted tree estimator.
func treeOf(v any, nf int) (*tree, error) {
	o, ok := v.(*pickle.Object)
	if !ok {
		return nil, fmt.Errorf("expected a fitted tree estimator, found %T", v)
	}
	raw, err := state{o}.raw("tree_")
	if err != nil {
		return nil, err
	}
	return decodeTree(raw, nf)
}

// decodeTrees decodes the trees of a forest's estimators_. The first tree
// fixes nf when the forest did not record n_features_in_.
func decodeTrees(ests []any, nf int) (ensemble, int, error) {
	if len(ests) == 0 {
		return nil, nf, fmt.Errorf("estimators_ is empty")
	}
	e := make(ensemble, len(ests))
	for i, v := range ests {
		t, err := treeOf(v, nf)
		if err != nil {
			return nil, nf, fmt.Errorf("estimators_[%d]: %w", i, err)
		}
		if i > 0 && t.width != e[0].width {
			return nil, nf, fmt.Errorf("estimators_[%d] has %d values per leaf, estimators_[0] %d", i, t.width, e[0].width)
		}
		e[i], nf = t, t.nFeatures
	}
	return e, nf, nil
}

// newTreeClassifier builds a classifier from an estimator's classes_ and its
// trees' raw leaf weights. predict takes the argmax of the weights of a
// single tree, and of the mean probabilities of a forest.
func newTreeClassifier(o *pickle.Object, raw ensemble, nf int) (*treeClassifier, error) {
	s := state{o}
	if n, err := s.int("n_outputs_"); err == nil && n != 1 {
		return nil, fmt.Errorf("multi-output classification (%d outputs) is not supported", n)
	}
	classes, err := decodeLabels(s)
	if err != nil {
		return nil, err
	}
	if raw[0].width != classes.n {
		return nil, fmt.Errorf("trees have %d values per leaf for %d classes", raw[0].width, classes.n)
	}
	c := &treeClassifier{class: o.Class.Name, nf: nf, classes: classes, proba: make(ensemble, len(raw))}
	for i, t := range raw {
		c.proba[i] = t.normalized()
	}
	c.votes = c.proba
	if len(raw) == 1 {
		c.votes = raw
	}
	return c, nil
}

// newTreeRegressor builds a regressor predicting n_outputs_ values per row.
func newTreeRegressor(o *pickle.Object, trees ensemble, nf int) (*treeRegressor, error) {
	outputs, err := state{o}.int("n_outputs_")
	if err != nil {
		return nil, err
	}
	if trees[0].width != outputs {
		return nil, fmt.Errorf("trees have %d values per leaf for %d outputs", trees[0].width, outputs)
	}
	return &treeRegressor{class: o.Class.Name, nf: nf, outputs: outputs, trees: trees}, nil
}
