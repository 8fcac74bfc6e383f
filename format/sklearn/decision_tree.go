package sklearn

import "github.com/slipwayml/slipway/format/pickle"

func init() {
	register(decodeDecisionTreeClassifier,
		"sklearn.tree._classes.DecisionTreeClassifier",
		"sklearn.tree._classes.ExtraTreeClassifier")
	register(decodeDecisionTreeRegressor,
		"sklearn.tree._classes.DecisionTreeRegressor",
		"sklearn.tree._classes.ExtraTreeRegressor")
}

func decodeDecisionTreeClassifier(o *pickle.Object) (Estimator, error) {
	t, err := treeOf(o, state{o}.nFeatures())
	if err != nil {
		return nil, err
	}
	return newTreeClassifier(o, ensemble{t}, t.nFeatures)
}

func decodeDecisionTreeRegressor(o *pickle.Object) (Estimator, error) {
	t, err := treeOf(o, state{o}.nFeatures())
	if err != nil {
		return nil, err
	}
	return newTreeRegressor(o, ensemble{t}, t.nFeatures)
}
