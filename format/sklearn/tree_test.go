package sklearn

import (
	"context"
	"strings"
	"testing"

	"github.com/slipwayml/slipway/format/pickle"
	"github.com/slipwayml/slipway/model"
	"github.com/slipwayml/slipway/tensor"
)

// fitted builds a pickled estimator of a registered class from attributes.
func fitted(path string, attrs ...any) *pickle.Object {
	i := strings.LastIndex(path, ".")
	st := &pickle.Dict{}
	for j := 0; j+1 < len(attrs); j += 2 {
		st.Set(attrs[j], attrs[j+1])
	}
	return &pickle.Object{Class: pickle.Global{Module: path[:i], Name: path[i+1:]}, State: st}
}

// TestTreeEstimatorsRejectBadState covers what the generated cases cannot:
// a missing attribute is named, and unsupported configurations say why.
func TestTreeEstimatorsRejectBadState(t *testing.T) {
	tree := toyTree(toyNodes(), svmFloats([]int{5, 1, 2}, toyValues...), false)
	twoClasses := svmFloats([]int{2}, 0, 1)
	for _, c := range []struct {
		name string
		obj  *pickle.Object
		want string
	}{
		{"tree without tree_", fitted("sklearn.tree._classes.DecisionTreeClassifier"), "tree_ is missing"},
		{"multi-output classifier", fitted("sklearn.tree._classes.DecisionTreeClassifier",
			"tree_", tree, "n_outputs_", int64(2)), "multi-output classification (2 outputs)"},
		{"classes and leaf width differ", fitted("sklearn.tree._classes.ExtraTreeClassifier",
			"tree_", tree, "n_outputs_", int64(1), "classes_", svmFloats([]int{3}, 0, 1, 2)), "2 values per leaf for 3 classes"},
		{"regressor outputs and leaf width differ", fitted("sklearn.tree._classes.DecisionTreeRegressor",
			"tree_", tree, "n_outputs_", int64(1)), "2 values per leaf for 1 outputs"},
		{"forest without estimators_", fitted("sklearn.ensemble._forest.RandomForestRegressor"), "estimators_ is missing"},
		{"empty forest", fitted("sklearn.ensemble._forest.ExtraTreesClassifier",
			"estimators_", &pickle.List{}), "estimators_ is empty"},
		{"forest of non-trees", fitted("sklearn.ensemble._forest.RandomForestClassifier",
			"estimators_", &pickle.List{Items: []any{"tree"}}), "estimators_[0]: expected a fitted tree estimator"},
		{"boosting without learning_rate", fitted("sklearn.ensemble._gb.GradientBoostingRegressor"), "learning_rate is missing"},
		{"boosting with a flat estimators_", fitted("sklearn.ensemble._gb.GradientBoostingRegressor",
			"learning_rate", 0.1, "estimators_", twoClasses), "estimators_ has shape [2], want [stages, k]"},
		{"boosting on classifier trees", fitted("sklearn.ensemble._gb.GradientBoostingRegressor",
			"learning_rate", 0.1, "estimators_", &pickle.Array{Dtype: &pickle.Dtype{Kind: 'O'}, Shape: []int{1, 1},
				Objects: []any{fitted("sklearn.tree._classes.DecisionTreeRegressor", "tree_", tree)}}),
			"estimators_[0, 0] has 2 values per leaf, want 1"},
		{"dummy at random", fitted("sklearn.dummy.DummyClassifier", "_strategy", "stratified",
			"n_outputs_", int64(1), "classes_", twoClasses, "class_prior_", twoClasses), `strategy "stratified" predicts at random`},
		{"dummy constant not a class", fitted("sklearn.dummy.DummyClassifier", "strategy", "constant", "constant", int64(7),
			"n_outputs_", int64(1), "classes_", twoClasses, "class_prior_", twoClasses), "constant: 7 is not one of the classes"},
		{"dummy prior of wrong length", fitted("sklearn.dummy.DummyClassifier", "strategy", "prior",
			"n_outputs_", int64(1), "classes_", twoClasses, "class_prior_", svmFloats([]int{1}, 1)), "class_prior_ has 1 entries for 2 classes"},
		{"dummy regressor without constant_", fitted("sklearn.dummy.DummyRegressor"), "constant_ is missing"},
	} {
		_, err := decode(c.obj)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want it to contain %q", c.name, err, c.want)
		}
	}
}

// TestTreeModelsAcceptZeroRows checks every method of a few generated
// models on an empty batch.
func TestTreeModelsAcceptZeroRows(t *testing.T) {
	for _, c := range []struct{ name, file string }{
		{"tree_dt_str3", "model.joblib"},
		{"tree_rf_reg_multi", "model.p5.pkl"},
		{"tree_gb_logreg_init", "model.p4.pkl"},
		{"tree_gb_reg_linreg_init", "model.p4.pkl"},
		{"tree_dummy_prior", "model.p4.pkl"},
	} {
		m, err := Load("../../testdata/sklearn/" + c.name + "/" + c.file)
		if err != nil {
			t.Fatal(err)
		}
		nf := max(m.Estimator().NFeatures(), 1)
		in, err := tensor.New([]int{0, nf}, []float64{})
		if err != nil {
			t.Fatal(err)
		}
		for _, out := range m.Signature().Outputs {
			got, err := m.Predict(context.Background(), model.Tensors{InputName: in}, []string{out.Name})
			if err != nil {
				t.Errorf("%s %s: %v", c.name, out.Name, err)
				continue
			}
			if shape := got[out.Name].Shape(); len(shape) == 0 || shape[0] != 0 {
				t.Errorf("%s %s: shape %v, want 0 rows", c.name, out.Name, shape)
			}
		}
	}
}
