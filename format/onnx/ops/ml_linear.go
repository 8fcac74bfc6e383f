package ops

import (
	"context"
	"fmt"

	"github.com/slipwayml/slipway/tensor"
)

// linear holds the coefficients [targets × features] and intercepts of a
// linear scorer.
type linear struct {
	coef, icpt []float64
	targets    int
}

func readLinear(n *Node) (linear, error) {
	coef, icpt := n.Floats("coefficients"), n.Floats("intercepts")
	l := linear{coef: widen[float32, float64](coef), icpt: widen[float32, float64](icpt), targets: len(icpt)}
	if l.targets == 0 {
		l.targets = int(n.Int("targets", 1))
	}
	if l.targets <= 0 || len(coef)%l.targets != 0 {
		return l, fmt.Errorf("%d coefficients do not divide into %d targets", len(coef), l.targets)
	}
	return l, nil
}

// scores returns x·coefᵀ + intercepts for rows×cols features. Like
// onnxruntime, it reads the coefficients as [targets × cols] and tolerates
// extra ones (some converters wrote more than the input has).
func (l linear) scores(x []float64, rows, cols int) ([]float64, error) {
	if cols*l.targets > len(l.coef) {
		return nil, fmt.Errorf("input has %d features, the model %d", cols, len(l.coef)/l.targets)
	}
	out := make([]float64, rows*l.targets)
	for i := range rows {
		for t := range l.targets {
			s := 0.0
			if l.icpt != nil {
				s = l.icpt[t]
			}
			w := l.coef[t*cols : (t+1)*cols]
			for j, xv := range x[i*cols : (i+1)*cols] {
				s += xv * w[j]
			}
			out[i*l.targets+t] = s
		}
	}
	return out, nil
}

// buildLinearClassifier labels each row with the class of the highest
// score. With one score column and two labels it is binary, as in
// onnxruntime: the positive label when the score is > 0, and scores
// [1-s, s] without post transform.
func buildLinearClassifier(n *Node) (Kernel, error) {
	l, err := readLinear(n)
	if err != nil {
		return nil, err
	}
	post, err := parsePost(n)
	if err != nil {
		return nil, err
	}
	labels := readLabels(n, "classlabels_ints", "classlabels_strings")
	binary := l.targets == 1 && labels.len() == 2
	switch {
	case l.targets == 1 && !binary && labels.strings != nil:
		labels = classLabels{strings: []string{"0", "1"}}
	case l.targets == 1 && !binary:
		labels = classLabels{ints: []int64{0, 1}}
	case l.targets > 1 && labels.len() != l.targets:
		return nil, fmt.Errorf("%d class labels for %d score columns", labels.len(), l.targets)
	}
	return withInput(func(ctx context.Context, t *tensor.Tensor, in []Value) ([]Value, error) {
		x, rows, cols, err := features(t)
		if err != nil {
			return nil, err
		}
		s, err := l.scores(x, rows, cols)
		if err != nil {
			return nil, err
		}
		idx := make([]int, rows)
		width := l.targets
		if l.targets == 1 {
			for i, v := range s {
				if v > 0 {
					idx[i] = 1
				}
			}
			if binary {
				width = 2
				two := make([]float64, 2*rows)
				for i, v := range s {
					two[2*i], two[2*i+1] = 1-v, v
				}
				s = two
			} else {
				post.apply(s)
			}
		} else {
			for i := range rows {
				idx[i] = argmax(s[i*width : (i+1)*width])
				post.apply(s[i*width : (i+1)*width])
			}
		}
		return labels.outputs(idx, rows, width, s)
	}), nil
}

// buildLinearRegressor computes x·coefᵀ + intercepts per target.
func buildLinearRegressor(n *Node) (Kernel, error) {
	l, err := readLinear(n)
	if err != nil {
		return nil, err
	}
	post, err := parsePost(n)
	if err != nil {
		return nil, err
	}
	return withInput(func(ctx context.Context, t *tensor.Tensor, in []Value) ([]Value, error) {
		x, rows, cols, err := features(t)
		if err != nil {
			return nil, err
		}
		s, err := l.scores(x, rows, cols)
		if err != nil {
			return nil, err
		}
		for i := range rows {
			post.apply(s[i*l.targets : (i+1)*l.targets])
		}
		return result(float32s([]int{rows, l.targets}, s))
	}), nil
}
