package sklearn

import (
	"github.com/slipwayml/slipway/format/pickle"
	"github.com/slipwayml/slipway/tensor"
)

func init() {
	register(decodeSVR("SVR"), "sklearn.svm._classes.SVR")
	register(decodeSVR("NuSVR"), "sklearn.svm._classes.NuSVR")
	register(decodeOneClassSVM, "sklearn.svm._classes.OneClassSVM")
}

// svr is SVR or NuSVR: predict is libsvm's decision value.
type svr struct {
	class string
	svm   *libsvm
}

// oneClassSVM is OneClassSVM: decision_function is libsvm's decision value
// and predict its sign (+1 inlier, -1 outlier, with 0 an outlier).
type oneClassSVM struct{ svm *libsvm }

var (
	_ Predictor          = (*svr)(nil)
	_ Predictor          = (*oneClassSVM)(nil)
	_ DecisionFunctioner = (*oneClassSVM)(nil)
)

func decodeSVR(class string) decoder {
	return func(o *pickle.Object) (Estimator, error) {
		m, err := decodeLibsvm(state{o}, 0)
		if err != nil {
			return nil, err
		}
		return &svr{class: class, svm: m}, nil
	}
}

func decodeOneClassSVM(o *pickle.Object) (Estimator, error) {
	m, err := decodeLibsvm(state{o}, 0)
	if err != nil {
		return nil, err
	}
	return &oneClassSVM{svm: m}, nil
}

func (r *svr) Class() string  { return r.class }
func (r *svr) NFeatures() int { return r.svm.nFeatures }

func (r *svr) Predict(X Matrix) (*tensor.Tensor, error) {
	dec, _ := r.svm.decisions(X)
	return tensor.New([]int{X.Rows}, dec)
}

func (o *oneClassSVM) Class() string  { return "OneClassSVM" }
func (o *oneClassSVM) NFeatures() int { return o.svm.nFeatures }

// labelDType states that predict returns integers, as scikit-learn's does.
func (o *oneClassSVM) labelDType() tensor.DType { return tensor.Int64 }

func (o *oneClassSVM) Predict(X Matrix) (*tensor.Tensor, error) {
	dec, _ := o.svm.decisions(X)
	out := make([]int64, len(dec))
	for i, d := range dec {
		out[i] = -1
		if d > 0 {
			out[i] = 1
		}
	}
	return tensor.New([]int{X.Rows}, out)
}

func (o *oneClassSVM) DecisionFunction(X Matrix) (*tensor.Tensor, error) {
	dec, _ := o.svm.decisions(X)
	return tensor.New([]int{X.Rows}, dec)
}
