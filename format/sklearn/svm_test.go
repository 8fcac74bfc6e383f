package sklearn

import (
	"encoding/binary"
	"math"
	"strings"
	"testing"

	"github.com/slipwayml/slipway/format/pickle"
	"github.com/slipwayml/slipway/tensor"
)

// svmFloats builds a little-endian float64 numpy array.
func svmFloats(shape []int, v ...float64) *pickle.Array {
	b := make([]byte, 8*len(v))
	for i, f := range v {
		binary.LittleEndian.PutUint64(b[8*i:], math.Float64bits(f))
	}
	return &pickle.Array{Dtype: &pickle.Dtype{Kind: 'f', ByteOrder: '<', ItemSize: 8}, Shape: shape, Data: b}
}

// svmInts builds a little-endian int32 numpy array, as libsvm's indices are.
func svmInts(v ...int32) *pickle.Array {
	b := make([]byte, 4*len(v))
	for i, n := range v {
		binary.LittleEndian.PutUint32(b[4*i:], uint32(n))
	}
	return &pickle.Array{Dtype: &pickle.Dtype{Kind: 'i', ByteOrder: '<', ItemSize: 4}, Shape: []int{len(v)}, Data: b}
}

// svmToyState is a fitted three-class SVC (linear kernel, one feature, one
// support vector per class) as scikit-learn ≥ 0.23 pickles it.
func svmToyState() *pickle.Dict {
	d := &pickle.Dict{}
	for _, kv := range []struct {
		k string
		v any
	}{
		{"kernel", "linear"},
		{"_gamma", 0.5},
		{"coef0", 0.0},
		{"degree", int64(3)},
		{"decision_function_shape", "ovr"},
		{"break_ties", false},
		{"probability", true},
		{"_sparse", false},
		{"n_features_in_", int64(1)},
		{"shape_fit_", pickle.Tuple{int64(3), int64(1)}},
		{"classes_", svmFloats([]int{3}, 10, 20, 30)},
		{"support_", svmInts(0, 1, 2)},
		{"support_vectors_", svmFloats([]int{3, 1}, -1, 0, 1)},
		{"_n_support", svmInts(1, 1, 1)},
		{"_dual_coef_", svmFloats([]int{2, 3}, 1, -1, 0.5, 0.5, 1, -1)},
		{"_intercept_", svmFloats([]int{3}, 0.1, -0.2, 0.3)},
		{"_probA", svmFloats([]int{3}, -2, -1.5, -1)},
		{"_probB", svmFloats([]int{3}, 0.1, 0, -0.1)},
	} {
		d.Set(kv.k, kv.v)
	}
	return d
}

func svmObject(class string, d *pickle.Dict) *pickle.Object {
	return &pickle.Object{Class: pickle.Global{Module: "sklearn.svm._classes", Name: class}, State: d}
}

func svmDelete(d *pickle.Dict, key string) {
	for i, k := range d.Keys {
		if k == key {
			d.Keys = append(d.Keys[:i], d.Keys[i+1:]...)
			d.Values = append(d.Values[:i], d.Values[i+1:]...)
			return
		}
	}
}

// TestSVMDecodeErrors checks that broken or unsupported fitted state is
// refused with an error naming what is wrong.
func TestSVMDecodeErrors(t *testing.T) {
	for _, tc := range []struct {
		name, class string
		edit        func(d *pickle.Dict)
		want        string
	}{
		{"sparse", "SVC", func(d *pickle.Dict) { d.Set("_sparse", true) }, "_sparse=True"},
		{"callable kernel", "SVC", func(d *pickle.Dict) { d.Set("kernel", pickle.Global{Module: "m", Name: "k"}) }, "kernel is"},
		{"unknown kernel", "SVC", func(d *pickle.Dict) { d.Set("kernel", "cosine") }, `unknown kernel "cosine"`},
		{"fractional degree", "SVC", func(d *pickle.Dict) { d.Set("kernel", "poly"); d.Set("degree", 2.5) }, "degree 2.5"},
		{"no gamma", "SVC", func(d *pickle.Dict) { d.Set("kernel", "rbf"); svmDelete(d, "_gamma") }, "_gamma is missing"},
		{"no support vectors", "SVR", func(d *pickle.Dict) { svmDelete(d, "support_vectors_") }, "support_vectors_ is missing"},
		{"1-D support vectors", "SVC", func(d *pickle.Dict) { d.Set("support_vectors_", svmFloats([]int{3}, 1, 2, 3)) }, "support_vectors_ has shape [3]"},
		{"feature count", "SVC", func(d *pickle.Dict) { d.Set("n_features_in_", int64(4)) }, "n_features_in_ is 4"},
		{"dual_coef_ size", "SVC", func(d *pickle.Dict) { d.Set("_dual_coef_", svmFloats([]int{1, 3}, 1, 2, 3)) }, "_dual_coef_ has 3 values, want 6"},
		{"intercept_ size", "SVC", func(d *pickle.Dict) { d.Set("_intercept_", svmFloats([]int{1}, 1)) }, "_intercept_ has 1 values, want 3"},
		{"n_support sum", "SVC", func(d *pickle.Dict) { d.Set("_n_support", svmInts(1, 2, 1)) }, "does not add up to the 3 support vectors"},
		{"n_support negative", "SVC", func(d *pickle.Dict) { d.Set("_n_support", svmInts(2, -1, 2)) }, "does not add up"},
		{"n_support length", "SVC", func(d *pickle.Dict) { d.Set("_n_support", svmInts(3)) }, "1 entries for 3 classes"},
		{"one class", "SVC", func(d *pickle.Dict) { d.Set("classes_", svmFloats([]int{1}, 1)) }, "at least 2"},
		{"decision shape", "NuSVC", func(d *pickle.Dict) { d.Set("decision_function_shape", "ovx") }, `"ovx"`},
		{"break_ties with ovo", "SVC", func(d *pickle.Dict) { d.Set("decision_function_shape", "ovo"); d.Set("break_ties", true) }, "break_ties"},
		{"probA size", "SVC", func(d *pickle.Dict) { d.Set("_probA", svmFloats([]int{1}, 1)) }, "_probA has 1 values"},
		{"no probB", "SVC", func(d *pickle.Dict) { svmDelete(d, "_probB") }, "probB_ is missing"},
		{"precomputed index", "SVC", func(d *pickle.Dict) { d.Set("kernel", "precomputed"); d.Set("support_", svmInts(0, 1, 3)) }, "support_[2] = 3 is outside the 3 training rows"},
		{"precomputed shape_fit_", "SVC", func(d *pickle.Dict) { d.Set("kernel", "precomputed"); d.Set("shape_fit_", "x") }, "shape_fit_ is x"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := svmToyState()
			tc.edit(d)
			_, err := decode(svmObject(tc.class, d))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("decode error = %v, want it to contain %q", err, tc.want)
			}
		})
	}
}

// TestSVMLegacyNames checks that state pickled under the other attribute
// names (public dual_coef_/intercept_, which scikit-learn negates for
// binary classifiers; n_support_; probA_/probB_) decodes to the same model.
func TestSVMLegacyNames(t *testing.T) {
	X := Matrix{Rows: 4, Cols: 1, Data: []float64{-2, -0.3, 0.4, 3}}
	binary := func(d *pickle.Dict) {
		d.Set("classes_", svmFloats([]int{2}, 10, 20))
		d.Set("support_vectors_", svmFloats([]int{2, 1}, -1, 1))
		d.Set("_n_support", svmInts(1, 1))
		d.Set("_dual_coef_", svmFloats([]int{1, 2}, 0.7, -0.7))
		d.Set("_intercept_", svmFloats([]int{1}, 0.2))
		d.Set("_probA", svmFloats([]int{1}, -1.2))
		d.Set("_probB", svmFloats([]int{1}, 0.05))
	}
	for _, tc := range []struct {
		name string
		base func(d *pickle.Dict)
		sign float64 // how the public dual_coef_ and intercept_ relate to libsvm's
	}{
		{"three classes", func(*pickle.Dict) {}, 1},
		{"binary", binary, -1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			modern := svmToyState()
			tc.base(modern)
			legacy := svmToyState()
			tc.base(legacy)
			for _, name := range []string{"_dual_coef_", "_intercept_"} {
				v, _ := modern.Get(name)
				a := v.(*pickle.Array)
				f, _ := a.Float64s()
				for i := range f {
					f[i] *= tc.sign
				}
				svmDelete(legacy, name)
				legacy.Set(name[1:], svmFloats(a.Shape, f...))
			}
			for old, now := range map[string]string{"_n_support": "n_support_", "_probA": "probA_", "_probB": "probB_"} {
				v, _ := legacy.Get(old)
				svmDelete(legacy, old)
				legacy.Set(now, v)
			}
			want := svmOutputs(t, modern, X)
			got := svmOutputs(t, legacy, X)
			for method, w := range want {
				if !svmEqual(got[method], w) {
					t.Errorf("%s = %v, want %v", method, got[method], w)
				}
			}
		})
	}
}

func svmOutputs(t *testing.T, d *pickle.Dict, X Matrix) map[string][]float64 {
	t.Helper()
	e, err := decode(svmObject("SVC", d))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]float64{}
	for name, f := range map[string]func(Matrix) (*tensor.Tensor, error){
		MethodPredict:          e.(Predictor).Predict,
		MethodDecisionFunction: e.(DecisionFunctioner).DecisionFunction,
		MethodPredictProba:     e.(ProbaPredictor).PredictProba,
	} {
		r, err := f(X)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if out[name], err = r.Float64s(); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

func svmEqual(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if math.Abs(a[i]-b[i]) > 1e-12 {
			return false
		}
	}
	return true
}

// TestSVMProbaOnlyWithProbability checks that predict_proba exists exactly
// when the classifier was fitted with probability=True.
func TestSVMProbaOnlyWithProbability(t *testing.T) {
	for _, probability := range []bool{false, true} {
		d := svmToyState()
		d.Set("probability", probability)
		e, err := decode(svmObject("SVC", d))
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := e.(ProbaPredictor); ok != probability {
			t.Errorf("probability=%v: has predict_proba = %v", probability, ok)
		}
	}
}
