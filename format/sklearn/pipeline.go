package sklearn

import (
	"fmt"

	"github.com/slipwayml/slipway/format/pickle"
	"github.com/slipwayml/slipway/tensor"
)

func init() {
	register(decodePipeline, "sklearn.pipeline.Pipeline")
}

// pipeline chains transformers and a final estimator. It has predict when
// the final estimator has; the wrapper types below add predict_proba and
// decision_function only when the final estimator has them too, so the
// method set matches scikit-learn's.
type pipeline struct {
	steps []Estimator // without "passthrough" and None steps
	names []string    // the steps' names, for errors
	final Estimator
}

type (
	pipelinePredict       struct{ *pipeline }
	pipelineProba         struct{ pipelinePredict }
	pipelineDecision      struct{ pipelinePredict }
	pipelineProbaDecision struct{ pipelinePredict }
	// pipelineTransform ends in a transformer: usable as a step of another
	// pipeline, not as a model.
	pipelineTransform struct{ *pipeline }
)

func decodePipeline(o *pickle.Object) (Estimator, error) {
	p, err := decodeSteps(state{o})
	if err != nil {
		return nil, err
	}
	return p.wrap(), nil
}

// wrap gives the pipeline the method set of its final estimator.
func (p *pipeline) wrap() Estimator {
	if _, ok := p.final.(Predictor); !ok {
		return pipelineTransform{p}
	}
	pp := pipelinePredict{p}
	_, proba := p.final.(ProbaPredictor)
	_, decision := p.final.(DecisionFunctioner)
	switch {
	case proba && decision:
		return pipelineProbaDecision{pp}
	case proba:
		return pipelineProba{pp}
	case decision:
		return pipelineDecision{pp}
	}
	return pp
}

// base returns the pipeline behind any of the wrapper types.
func (p *pipeline) base() *pipeline { return p }

// tail returns the pipeline without its first step: the last step itself
// when only one remains.
func (p *pipeline) tail() Estimator {
	if len(p.steps) == 2 {
		return p.final
	}
	return (&pipeline{steps: p.steps[1:], names: p.names[1:], final: p.final}).wrap()
}

// decodeSteps decodes the (name, estimator) pairs of steps, checking that
// each step but the last transforms.
func decodeSteps(s state) (*pipeline, error) {
	v, err := s.raw("steps")
	if err != nil {
		return nil, err
	}
	list, ok := v.(*pickle.List)
	if !ok {
		return nil, fmt.Errorf("steps: expected a list, found %T", v)
	}
	p := &pipeline{}
	for i, item := range list.Items {
		pair, ok := item.(pickle.Tuple)
		if !ok || len(pair) != 2 {
			return nil, fmt.Errorf("steps[%d]: expected a (name, estimator) pair, found %v", i, item)
		}
		name, _ := pair[0].(string)
		if isPassthrough(pair[1]) {
			continue
		}
		e, err := decode(pair[1])
		if err != nil {
			return nil, fmt.Errorf("step %q: %w", name, err)
		}
		if _, ok := e.(Transformer); !ok && i < len(list.Items)-1 {
			return nil, fmt.Errorf("step %q (%s) is not a transformer", name, e.Class())
		}
		p.steps = append(p.steps, e)
		p.names = append(p.names, name)
	}
	if len(p.steps) == 0 {
		return nil, fmt.Errorf("steps: every step is passthrough")
	}
	p.final = p.steps[len(p.steps)-1]
	return p, nil
}

func isPassthrough(v any) bool {
	_, none := v.(pickle.None)
	return none || v == "passthrough"
}

// Class implements Estimator.
func (p *pipeline) Class() string { return "Pipeline" }

// NFeatures implements Estimator: the first step's.
func (p *pipeline) NFeatures() int { return p.steps[0].NFeatures() }

// Steps returns the estimators the pipeline runs, in order.
func (p *pipeline) Steps() []Estimator { return p.steps }

func (p *pipeline) labelDType() tensor.DType {
	if l, ok := p.final.(labeled); ok {
		return l.labelDType()
	}
	return tensor.Float64
}

// transform runs X through every step but the last. The caller checked X
// fits the first step; each later step is checked against what the one
// before it gives, since a pickle's steps need not agree.
func (p *pipeline) transform(X Matrix) (Matrix, error) {
	for i, e := range p.steps[:len(p.steps)-1] {
		var err error
		if X, err = e.(Transformer).Transform(X); err != nil {
			return Matrix{}, fmt.Errorf("step %q (%s): %w", p.names[i], e.Class(), err)
		}
		next := p.steps[i+1]
		if nf := next.NFeatures(); nf >= 0 && X.Cols != nf {
			return Matrix{}, fmt.Errorf("step %q (%s) expects %d features, the step before gives %d", p.names[i+1], next.Class(), nf, X.Cols)
		}
	}
	return X, nil
}

// Predict implements Predictor.
func (p pipelinePredict) Predict(X Matrix) (*tensor.Tensor, error) {
	X, err := p.transform(X)
	if err != nil {
		return nil, err
	}
	return p.final.(Predictor).Predict(X)
}

func (p *pipeline) proba(X Matrix) (*tensor.Tensor, error) {
	X, err := p.transform(X)
	if err != nil {
		return nil, err
	}
	return p.final.(ProbaPredictor).PredictProba(X)
}

func (p *pipeline) decision(X Matrix) (*tensor.Tensor, error) {
	X, err := p.transform(X)
	if err != nil {
		return nil, err
	}
	return p.final.(DecisionFunctioner).DecisionFunction(X)
}

// PredictProba implements ProbaPredictor.
func (p pipelineProba) PredictProba(X Matrix) (*tensor.Tensor, error) { return p.proba(X) }

// DecisionFunction implements DecisionFunctioner.
func (p pipelineDecision) DecisionFunction(X Matrix) (*tensor.Tensor, error) { return p.decision(X) }

// PredictProba implements ProbaPredictor.
func (p pipelineProbaDecision) PredictProba(X Matrix) (*tensor.Tensor, error) { return p.proba(X) }

// DecisionFunction implements DecisionFunctioner.
func (p pipelineProbaDecision) DecisionFunction(X Matrix) (*tensor.Tensor, error) {
	return p.decision(X)
}

// Transform implements Transformer.
func (p pipelineTransform) Transform(X Matrix) (Matrix, error) {
	X, err := p.transform(X)
	if err != nil {
		return Matrix{}, err
	}
	last := len(p.steps) - 1
	if X, err = p.final.(Transformer).Transform(X); err != nil {
		return Matrix{}, fmt.Errorf("step %q (%s): %w", p.names[last], p.final.Class(), err)
	}
	return X, nil
}

func (p pipelineTransform) transformTable(t Table) (Table, error) {
	for i, e := range p.steps {
		var err error
		if t, err = applyTable(e, t); err != nil {
			return Table{}, fmt.Errorf("step %q (%s): %w", p.names[i], e.Class(), err)
		}
	}
	return t, nil
}

// stringColumns and columnNames are the first step's.
func (p pipelineTransform) stringColumns() []bool {
	if c, ok := p.steps[0].(columnar); ok {
		return c.stringColumns()
	}
	return make([]bool, max(p.NFeatures(), 0))
}

func (p pipelineTransform) columnNames() []string {
	if c, ok := p.steps[0].(columnar); ok {
		return c.columnNames()
	}
	return nil
}
