package sklearn

import (
	"fmt"
	"math"
)

// platt holds libsvm's Platt scaling, one sigmoid per class pair, fitted
// when a classifier has probability=True.
type platt struct {
	probA, probB []float64
}

// decodePlatt reads _probA/_probB (scikit-learn ≥ 0.23 stores them with a
// leading underscore, older releases as probA_/probB_).
func decodePlatt(s state, pairs int) (platt, error) {
	var p platt
	for _, f := range []struct {
		dst   *[]float64
		names [2]string
	}{
		{&p.probA, [2]string{"_probA", "probA_"}},
		{&p.probB, [2]string{"_probB", "probB_"}},
	} {
		name := f.names[0]
		if !s.has(name) {
			name = f.names[1]
		}
		v, _, err := s.floats(name)
		if err != nil {
			return platt{}, err
		}
		if len(v) != pairs {
			return platt{}, fmt.Errorf("%s has %d values, want one per class pair (%d)", name, len(v), pairs)
		}
		*f.dst = v
	}
	return p, nil
}

// probabilities computes svm_predict_probability for every row of the
// pairwise decision values dec (rows×k(k-1)/2): each pair's sigmoid,
// clipped to [1e-7, 1-1e-7], coupled into k class probabilities.
func (p platt) probabilities(dec []float64, rows, k int) []float64 {
	const minProb = 1e-7
	pairs := len(p.probA)
	out := make([]float64, rows*k)
	r := make([][]float64, k)
	for i := range r {
		r[i] = make([]float64, k)
	}
	c := newCoupling(k)
	for row := 0; row < rows; row++ {
		d := dec[row*pairs : (row+1)*pairs]
		n := 0
		for i := 0; i < k; i++ {
			for j := i + 1; j < k; j++ {
				pr := min(max(sigmoidPredict(d[n], p.probA[n], p.probB[n]), minProb), 1-minProb)
				r[i][j], r[j][i] = pr, 1-pr
				n++
			}
		}
		c.solve(r, out[row*k:(row+1)*k])
	}
	return out
}

// sigmoidPredict is 1/(1+exp(dec·A+B)), written as libsvm does to avoid
// cancellation.
func sigmoidPredict(dec, a, b float64) float64 {
	fApB := dec*a + b
	if fApB >= 0 {
		e := math.Exp(-fApB)
		return e / (1 + e)
	}
	return 1 / (1 + math.Exp(fApB))
}

// coupling is the workspace of libsvm's multiclass_probability (method 2
// of Wu, Lin and Weng, 2004), reused across rows.
type coupling struct {
	k     int
	q, qp []float64
}

func newCoupling(k int) *coupling {
	return &coupling{k: k, q: make([]float64, k*k), qp: make([]float64, k)}
}

// solve finds the class probabilities p from pairwise probabilities r
// (r[i][j] = P(i | i or j)) with libsvm's fixed-point iteration: the same
// start, update order, stopping rule (eps = 0.005/k) and iteration cap
// (max(100, k)), so the result matches to rounding.
func (c *coupling) solve(r [][]float64, p []float64) {
	k, q, qp := c.k, c.q, c.qp
	for t := 0; t < k; t++ {
		p[t] = 1 / float64(k)
		q[t*k+t] = 0
		for j := 0; j < t; j++ {
			q[t*k+t] += r[j][t] * r[j][t]
			q[t*k+j] = q[j*k+t]
		}
		for j := t + 1; j < k; j++ {
			q[t*k+t] += r[j][t] * r[j][t]
			q[t*k+j] = -r[j][t] * r[t][j]
		}
	}
	eps := 0.005 / float64(k)
	for iter := 0; iter < max(100, k); iter++ {
		// Recompute Qp and pQp each round for accuracy, as libsvm does.
		pqp := 0.0
		for t := 0; t < k; t++ {
			qp[t] = 0
			for j := 0; j < k; j++ {
				qp[t] += q[t*k+j] * p[j]
			}
			pqp += p[t] * qp[t]
		}
		maxErr := 0.0
		for t := 0; t < k; t++ {
			if e := math.Abs(qp[t] - pqp); e > maxErr {
				maxErr = e
			}
		}
		if maxErr < eps {
			return
		}
		for t := 0; t < k; t++ {
			diff := (-qp[t] + pqp) / q[t*k+t]
			p[t] += diff
			pqp = (pqp + diff*(diff*q[t*k+t]+2*qp[t])) / (1 + diff) / (1 + diff)
			for j := 0; j < k; j++ {
				qp[j] = (qp[j] + diff*q[t*k+j]) / (1 + diff)
				p[j] /= (1 + diff)
			}
		}
	}
}
