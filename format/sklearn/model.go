package sklearn

import (
	"context"
	"fmt"

	"github.com/slipwayml/slipway/model"
	"github.com/slipwayml/slipway/tensor"
)

// InputName is the name of a scikit-learn model's single input, as KServe's
// and MLServer's sklearn servers call it. Any name is accepted in requests.
const InputName = "input-0"

// The outputs a scikit-learn model offers, named for its methods.
const (
	MethodPredict          = "predict"
	MethodPredictProba     = "predict_proba"
	MethodDecisionFunction = "decision_function"
)

// Model serves a decoded estimator as a model.Model.
type Model struct {
	est     Estimator
	table   *tableInput // set when est was fitted on a DataFrame of named columns
	run     Estimator   // what predicts from the matrix: est, or what follows the table's front
	name    string
	version string   // scikit-learn version recorded in the pickle
	globals []string // globals the pickle referenced
	sig     model.Signature
}

var _ model.Model = (*Model)(nil)
var _ model.Describer = (*Model)(nil)

// New wraps an estimator as a model.
func New(est Estimator) (*Model, error) {
	m := &Model{est: est}
	return m, m.init()
}

func (m *Model) init() error {
	if _, ok := m.est.(Predictor); !ok {
		return fmt.Errorf("estimator has no predict method")
	}
	var err error
	if m.table, m.run, err = splitTable(m.est); err != nil {
		return err
	}
	nf := m.est.NFeatures()
	m.sig = model.Signature{
		Inputs:  []model.TensorSpec{{Name: InputName, DType: tensor.Float64, Shape: []int{-1, nf}}},
		Default: []string{MethodPredict},
	}
	if m.table != nil {
		m.sig.Inputs = m.table.specs()
	}
	m.sig.Outputs = append(m.sig.Outputs, model.TensorSpec{Name: MethodPredict, DType: m.predictDType(), Shape: []int{-1}})
	if _, ok := m.run.(ProbaPredictor); ok {
		m.sig.Outputs = append(m.sig.Outputs, model.TensorSpec{Name: MethodPredictProba, DType: tensor.Float64, Shape: []int{-1, -1}})
	}
	if _, ok := m.run.(DecisionFunctioner); ok {
		m.sig.Outputs = append(m.sig.Outputs, model.TensorSpec{Name: MethodDecisionFunction, DType: tensor.Float64, Shape: []int{-1, -1}})
	}
	m.probeShapes()
	return nil
}

// probeShapes runs each method on one zero row to state the exact shape
// each output has per row (a binary decision_function is 1-D, a
// multi-target regressor's predict 2-D). An estimator that cannot answer a
// zero row (or that does not record its feature count and needs more than
// one) keeps the general shapes.
func (m *Model) probeShapes() {
	nf := max(m.run.NFeatures(), 1)
	zero := Matrix{Rows: 1, Cols: nf, Data: make([]float64, nf)}
	for i, spec := range m.sig.Outputs {
		t, err := m.method(spec.Name, zero)
		if err != nil {
			continue
		}
		m.sig.Outputs[i].DType = t.DType()
		m.sig.Outputs[i].Shape = append([]int{-1}, t.Shape()[1:]...)
	}
}

// labeled is implemented by classifiers so the signature can state their
// label type.
type labeled interface{ labelDType() tensor.DType }

func (m *Model) predictDType() tensor.DType {
	if l, ok := m.est.(labeled); ok {
		return l.labelDType()
	}
	return tensor.Float64
}

// Estimator returns the decoded estimator.
func (m *Model) Estimator() Estimator { return m.est }

// Signature implements model.Model.
func (m *Model) Signature() model.Signature { return m.sig }

// Describe implements model.Describer.
func (m *Model) Describe() model.Description {
	return model.Description{
		Format:           "sklearn",
		Framework:        "scikit-learn",
		FrameworkVersion: m.version,
		Details: map[string]any{
			"estimator": chain(m.est),
			"globals":   m.globals,
		},
	}
}

// chain lists the class names of an estimator and the steps it contains.
func chain(e Estimator) []string {
	if p, ok := e.(interface{ Steps() []Estimator }); ok {
		var out []string
		for _, s := range p.Steps() {
			out = append(out, chain(s)...)
		}
		return out
	}
	return []string{e.Class()}
}

// Predict implements model.Model.
func (m *Model) Predict(ctx context.Context, inputs model.Tensors, outputs []string) (model.Tensors, error) {
	X, err := m.matrix(inputs)
	if err != nil {
		return nil, err
	}
	if len(outputs) == 0 {
		outputs = m.sig.Default
	}
	out := make(model.Tensors, len(outputs))
	for _, name := range outputs {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		t, err := m.method(name, X)
		if err != nil {
			return nil, err
		}
		out[name] = t
	}
	return out, nil
}

// method calls the estimator method an output is named for.
func (m *Model) method(name string, X Matrix) (t *tensor.Tensor, err error) {
	switch name {
	case MethodPredict:
		t, err = m.run.(Predictor).Predict(X)
	case MethodPredictProba:
		p, ok := m.run.(ProbaPredictor)
		if !ok {
			return nil, model.BadInput("%s has no predict_proba (outputs: %v)", m.est.Class(), outputNames(m.sig))
		}
		t, err = p.PredictProba(X)
	case MethodDecisionFunction:
		d, ok := m.run.(DecisionFunctioner)
		if !ok {
			return nil, model.BadInput("%s has no decision_function (outputs: %v)", m.est.Class(), outputNames(m.sig))
		}
		t, err = d.DecisionFunction(X)
	default:
		return nil, model.BadInput("unknown output %q (outputs: %v)", name, outputNames(m.sig))
	}
	if err != nil {
		return nil, fmt.Errorf("%s.%s: %w", m.est.Class(), name, err)
	}
	return t, nil
}

func outputNames(s model.Signature) []string {
	names := make([]string, len(s.Outputs))
	for i, o := range s.Outputs {
		names[i] = o.Name
	}
	return names
}

// matrix turns the input into X: the single matrix input, checking its
// rank and feature count, or the named columns of a table.
func (m *Model) matrix(inputs model.Tensors) (Matrix, error) {
	if m.table != nil {
		return m.table.matrix(inputs)
	}
	if len(inputs) != 1 {
		return Matrix{}, model.BadInput("expected 1 input (%s), got %d", InputName, len(inputs))
	}
	var t *tensor.Tensor
	for _, v := range inputs {
		t = v
	}
	nf := m.est.NFeatures()
	shape := t.Shape()
	var rows, cols int
	switch {
	case len(shape) == 2:
		rows, cols = shape[0], shape[1]
	case len(shape) == 1 && nf == 1:
		rows, cols = shape[0], 1
	default:
		return Matrix{}, model.BadInput("expected a 2-D input of shape [rows, %s], got shape %v", featureCount(nf), shape)
	}
	if nf >= 0 && cols != nf {
		return Matrix{}, model.BadInput("expected %d features per row, got %d", nf, cols)
	}
	data, err := t.Float64s()
	if err != nil {
		return Matrix{}, model.BadInput("input %s: %v", InputName, err)
	}
	return Matrix{Rows: rows, Cols: cols, Data: data}, nil
}

func featureCount(nf int) string {
	if nf < 0 {
		return "features"
	}
	return fmt.Sprint(nf)
}
