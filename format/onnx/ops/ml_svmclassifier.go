package ops

import (
	"context"
	"fmt"
	"math"

	"github.com/slipwayml/slipway/tensor"
)

// buildSVMClassifier follows onnxruntime: with vectors_per_class it is
// libsvm's one-vs-one SVC whose pairwise decisions vote for the label and
// give either the pairwise scores or, with prob_a/prob_b, Platt-coupled
// class probabilities; without, it is a linear scorer per class.
func buildSVMClassifier(n *Node) (Kernel, error) {
	labels := readLabels(n, "classlabels_ints", "classlabels_strings")
	classes := labels.len()
	if classes < 2 {
		return nil, fmt.Errorf("%d class labels, want at least 2", classes)
	}
	post, err := parsePost(n)
	if err != nil {
		return nil, err
	}
	coef := widen[float32, float64](n.Floats("coefficients"))
	rho := widen[float32, float64](n.Floats("rho"))
	probA, probB := widen[float32, float64](n.Floats("prob_a")), widen[float32, float64](n.Floats("prob_b"))
	perClass := n.Ints("vectors_per_class")
	if len(perClass) == 0 {
		return linearSVC(n, labels, coef, rho, post)
	}
	if len(perClass) != classes {
		return nil, fmt.Errorf("%d vectors_per_class for %d classes", len(perClass), classes)
	}
	start := make([]int, classes)
	total := 0
	for c, v := range perClass {
		if v < 0 || v > math.MaxInt32 {
			return nil, fmt.Errorf("vectors_per_class[%d] is %d", c, v)
		}
		start[c], total = total, total+int(v)
	}
	k, err := readSVMKernel(n, n.Floats("support_vectors"), total)
	if err != nil {
		return nil, err
	}
	pairs := classes * (classes - 1) / 2
	if len(coef) < (classes-1)*total || len(rho) < pairs {
		return nil, fmt.Errorf("too few coefficients or rho for %d classes and %d support vectors", classes, total)
	}
	proba := len(probA) > 0
	if proba && (len(probA) < pairs || len(probB) < pairs) {
		return nil, fmt.Errorf("prob_a and prob_b need %d values", pairs)
	}
	width := pairs
	switch {
	case proba:
		width = classes
	case classes == 2:
		width = 2
	}
	return withInput(func(ctx context.Context, t *tensor.Tensor, in []Value) ([]Value, error) {
		x, rows, cols, err := features(t)
		if err != nil {
			return nil, err
		}
		if err := k.check(cols); err != nil {
			return nil, err
		}
		buf := k.buffer()
		defer k.scratch.Put(buf)
		kern := *buf
		dec := make([]float64, pairs)
		out := make([]float64, rows*width)
		idx := make([]int, rows)
		for r := range rows {
			k.eval(x[r*cols:(r+1)*cols], kern)
			votes := make([]int, classes)
			p := 0
			for i := 0; i < classes-1; i++ {
				for j := i + 1; j < classes; j++ {
					s := rho[p]
					for m := range int(perClass[i]) {
						s += coef[(j-1)*total+start[i]+m] * kern[start[i]+m]
					}
					for m := range int(perClass[j]) {
						s += coef[i*total+start[j]+m] * kern[start[j]+m]
					}
					dec[p] = s
					if s > 0 {
						votes[i]++
					} else {
						votes[j]++
					}
					p++
				}
			}
			idx[r] = argmax(votes)
			row := out[r*width : (r+1)*width]
			switch {
			case proba:
				coupleProbabilities(classes, dec, probA, probB, row)
				post.apply(row)
			case classes == 2 && post == postNone:
				row[0], row[1] = -dec[0], dec[0]
			case classes == 2:
				row[0], row[1] = 1-dec[0], dec[0]
			default:
				copy(row, dec)
				post.apply(row)
			}
		}
		return labels.outputs(idx, rows, width, out)
	}), nil
}

// linearSVC scores each class by x·coef[c] + rho[0].
func linearSVC(n *Node, labels classLabels, coef, rho []float64, post postTransform) (Kernel, error) {
	classes := labels.len()
	if len(coef)%classes != 0 || len(rho) == 0 {
		return nil, fmt.Errorf("%d coefficients and %d rho for %d classes", len(coef), len(rho), classes)
	}
	l := linear{coef: coef, icpt: make([]float64, classes), targets: classes}
	for c := range l.icpt {
		l.icpt[c] = rho[0]
	}
	positive := true
	for _, c := range coef {
		positive = positive && c >= 0
	}
	return withInput(func(ctx context.Context, t *tensor.Tensor, in []Value) ([]Value, error) {
		x, rows, cols, err := features(t)
		if err != nil {
			return nil, err
		}
		if cols*classes != len(coef) {
			return nil, fmt.Errorf("input has %d features, the model %d", cols, len(coef)/classes)
		}
		s, err := l.scores(x, rows, cols)
		if err != nil {
			return nil, err
		}
		idx := make([]int, rows)
		for r := range rows {
			row := s[r*classes : (r+1)*classes]
			best := argmax(row)
			idx[r] = best
			if classes == 2 && (positive && row[best] >= 0.5 || !positive && row[best] > 0) {
				idx[r] = 1
			}
			post.apply(row)
		}
		return labels.outputs(idx, rows, classes, s)
	}), nil
}

// coupleProbabilities turns pairwise decision values into class
// probabilities: Platt's sigmoid per pair, then libsvm's
// multiclass_probability (Wu, Lin and Weng 2004, method 2).
func coupleProbabilities(k int, dec, probA, probB, p []float64) {
	r := make([]float64, k*k)
	idx := 0
	for i := 0; i < k-1; i++ {
		for j := i + 1; j < k; j++ {
			v := min(max(plattSigmoid(dec[idx], probA[idx], probB[idx]), 1e-7), 1-1e-7)
			r[i*k+j], r[j*k+i] = v, 1-v
			idx++
		}
	}
	q := make([]float64, k*k)
	qp := make([]float64, k)
	for t := range k {
		p[t] = 1 / float64(k)
		for j := range k {
			if j != t {
				q[t*k+t] += r[j*k+t] * r[j*k+t]
				q[t*k+j] = -r[j*k+t] * r[t*k+j]
			}
		}
	}
	eps := 0.005 / float64(k)
	for range max(100, k) {
		var pqp float64
		for t := range k {
			qp[t] = 0
			for j := range k {
				qp[t] += q[t*k+j] * p[j]
			}
			pqp += p[t] * qp[t]
		}
		maxErr := 0.0
		for t := range k {
			maxErr = max(maxErr, math.Abs(qp[t]-pqp))
		}
		if maxErr < eps {
			break
		}
		for t := range k {
			diff := (-qp[t] + pqp) / q[t*k+t]
			p[t] += diff
			pqp = (pqp + diff*(diff*q[t*k+t]+2*qp[t])) / (1 + diff) / (1 + diff)
			for j := range k {
				qp[j] = (qp[j] + diff*q[t*k+j]) / (1 + diff)
				p[j] /= 1 + diff
			}
		}
	}
}

// plattSigmoid is libsvm's numerically stable 1 / (1 + exp(dec·A + B)).
func plattSigmoid(dec, a, b float64) float64 {
	f := dec*a + b
	if f >= 0 {
		return math.Exp(-f) / (1 + math.Exp(-f))
	}
	return 1 / (1 + math.Exp(f))
}
