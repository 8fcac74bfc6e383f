package sklearn

import (
	"fmt"

	"github.com/slipwayml/slipway/format/pickle"
)

func init() {
	register(decodeForestClassifier,
		"sklearn.ensemble._forest.RandomForestClassifier",
		"sklearn.ensemble._forest.ExtraTreesClassifier")
	register(decodeForestRegressor,
		"sklearn.ensemble._forest.RandomForestRegressor",
		"sklearn.ensemble._forest.ExtraTreesRegressor")
}

// A forest's predict_proba is the mean of its trees' normalised leaf
// distributions and predict the class of the largest; a regressor predicts
// the mean of its trees.

func decodeForestClassifier(o *pickle.Object) (Estimator, error) {
	trees, nf, err := forestTrees(o)
	if err != nil {
		return nil, err
	}
	return newTreeClassifier(o, trees, nf)
}

func decodeForestRegressor(o *pickle.Object) (Estimator, error) {
	trees, nf, err := forestTrees(o)
	if err != nil {
		return nil, err
	}
	return newTreeRegressor(o, trees, nf)
}

func forestTrees(o *pickle.Object) (ensemble, int, error) {
	s := state{o}
	v, err := s.raw("estimators_")
	if err != nil {
		return nil, 0, err
	}
	l, ok := v.(*pickle.List)
	if !ok {
		return nil, 0, fmt.Errorf("estimators_: expected a list, found %T", v)
	}
	return decodeTrees(l.Items, s.nFeatures())
}
