package sklearn

import (
	"fmt"
	"sync"

	"github.com/slipwayml/slipway/format/pickle"
	"github.com/slipwayml/slipway/internal/rbf"
)

// libsvm is the fitted state every scikit-learn libsvm estimator (SVC,
// NuSVC, SVR, NuSVR, OneClassSVM) keeps, evaluated as libsvm's
// svm_predict_values does.
type libsvm struct {
	kernel
	nFeatures int
	nSV       int
	sv        []float64    // support vectors, nSV×nFeatures; nil for precomputed kernels
	rbf       *rbf.Vectors // RBF: sv laid out for the distance kernel
	support   []int        // training rows of the support vectors; precomputed kernels only
	coef      []float64    // _dual_coef_, max(classes-1, 1)×nSV
	rho       []float64    // libsvm's rho (= -_intercept_), one per class pair or one
	count     []int        // classifiers: support vectors per class
	start     []int        // classifiers: first support vector of each class
	scratch   sync.Pool    // *[]float64 of nSV kernel values, reused across calls
}

// decodeLibsvm reads the state shared by all libsvm estimators. classes is
// the number of classes of a classifier, 0 for regression and one-class.
func decodeLibsvm(s state, classes int) (*libsvm, error) {
	if s.has("_sparse") {
		sparse, err := s.boolean("_sparse")
		if err != nil {
			return nil, err
		}
		if sparse {
			return nil, fmt.Errorf("models fitted on sparse input (_sparse=True) are not supported")
		}
	}
	k, err := decodeKernel(s)
	if err != nil {
		return nil, err
	}
	m := &libsvm{kernel: k}
	if err := m.decodeSupport(s); err != nil {
		return nil, err
	}
	if nf := s.nFeatures(); nf >= 0 && nf != m.nFeatures {
		return nil, fmt.Errorf("the support vectors have %d features but n_features_in_ is %d", m.nFeatures, nf)
	}
	rows, pairs := 1, 1
	if classes > 0 {
		rows, pairs = classes-1, classes*(classes-1)/2
	}
	// scikit-learn negates the public dual_coef_ and intercept_ of binary
	// classifiers; the underscored copies are libsvm's own.
	flip := classes == 2
	if m.coef, err = libsvmArray(s, "dual_coef_", flip, rows*m.nSV); err != nil {
		return nil, err
	}
	intercept, err := libsvmArray(s, "intercept_", flip, pairs)
	if err != nil {
		return nil, err
	}
	m.rho = make([]float64, pairs)
	for i, b := range intercept {
		m.rho[i] = -b
	}
	if classes > 0 {
		if err := m.decodeCounts(s, classes); err != nil {
			return nil, err
		}
	}
	return m, nil
}

// decodeSupport reads the support vectors, or for a precomputed kernel
// their training rows and the training set size (the input's width).
func (m *libsvm) decodeSupport(s state) error {
	if m.kind != kernelPrecomputed {
		sv, shape, err := s.floats("support_vectors_")
		if err != nil {
			return err
		}
		if len(shape) != 2 {
			return fmt.Errorf("support_vectors_ has shape %v, want 2-D", shape)
		}
		m.sv, m.nSV, m.nFeatures = sv, shape[0], shape[1]
		if m.kind == kernelRBF {
			m.rbf = rbf.NewVectors(sv, m.nFeatures)
		}
		return nil
	}
	support, _, err := s.ints("support_")
	if err != nil {
		return err
	}
	if m.nFeatures, err = shapeFitRows(s); err != nil {
		return err
	}
	m.nSV = len(support)
	m.support = make([]int, len(support))
	for i, j := range support {
		if j < 0 || j >= int64(m.nFeatures) {
			return fmt.Errorf("support_[%d] = %d is outside the %d training rows", i, j, m.nFeatures)
		}
		m.support[i] = int(j)
	}
	return nil
}

// shapeFitRows reads the number of training rows from shape_fit_.
func shapeFitRows(s state) (int, error) {
	v, err := s.raw("shape_fit_")
	if err != nil {
		return 0, err
	}
	if t, ok := v.(pickle.Tuple); ok && len(t) == 2 {
		if n, ok := t[0].(int64); ok && n >= 0 && n <= 1<<31 {
			return int(n), nil
		}
	}
	return 0, fmt.Errorf("shape_fit_ is %v, want a pair of sizes", v)
}

// libsvmArray reads the underscored attribute (_dual_coef_, _intercept_)
// or, failing that, the public one, negated when flip is set; want is the
// number of values the model needs.
func libsvmArray(s state, public string, flip bool, want int) ([]float64, error) {
	name := "_" + public
	if !s.has(name) {
		name = public
	} else {
		flip = false
	}
	v, _, err := s.floats(name)
	if err != nil {
		return nil, err
	}
	if len(v) != want {
		return nil, fmt.Errorf("%s has %d values, want %d", name, len(v), want)
	}
	if flip {
		for i := range v {
			v[i] = -v[i]
		}
	}
	return v, nil
}

// decodeCounts reads how many support vectors each class has; libsvm
// stores them grouped by class in class order.
func (m *libsvm) decodeCounts(s state, classes int) error {
	name := "_n_support"
	if !s.has(name) {
		name = "n_support_"
	}
	counts, _, err := s.ints(name)
	if err != nil {
		return err
	}
	if len(counts) != classes {
		return fmt.Errorf("%s has %d entries for %d classes", name, len(counts), classes)
	}
	m.count = make([]int, classes)
	m.start = make([]int, classes)
	total := 0
	for i, c := range counts {
		if c < 0 || c > int64(m.nSV-total) {
			return fmt.Errorf("%s = %v does not add up to the %d support vectors", name, counts, m.nSV)
		}
		m.start[i], m.count[i] = total, int(c)
		total += int(c)
	}
	if total != m.nSV {
		return fmt.Errorf("%s = %v does not add up to the %d support vectors", name, counts, m.nSV)
	}
	return nil
}

// decisions runs svm_predict_values on every row of X. It returns the
// decision values, row-major with one per class pair (classifiers, in
// libsvm's (0,1), (0,2)… order) or one per row, and for classifiers the
// class each row's one-vs-one vote picks.
func (m *libsvm) decisions(X Matrix) (dec []float64, votes []int) {
	buf, ok := m.scratch.Get().(*[]float64)
	if !ok {
		b := make([]float64, m.nSV)
		buf = &b
	}
	defer m.scratch.Put(buf)
	kv := *buf
	if m.count == nil {
		dec = make([]float64, X.Rows)
		for r := range dec {
			m.eval(X.Row(r), m.sv, m.rbf, m.support, kv)
			sum := 0.0
			for i, c := range m.coef {
				sum += c * kv[i]
			}
			dec[r] = sum - m.rho[0]
		}
		return dec, nil
	}
	k := len(m.count)
	pairs := len(m.rho)
	dec = make([]float64, X.Rows*pairs)
	votes = make([]int, X.Rows)
	tally := make([]int, k)
	for r := range votes {
		m.eval(X.Row(r), m.sv, m.rbf, m.support, kv)
		clear(tally)
		d := dec[r*pairs : (r+1)*pairs]
		p := 0
		for i := 0; i < k; i++ {
			for j := i + 1; j < k; j++ {
				// Pair (i,j): class i's coefficients are in row j-1,
				// class j's in row i.
				sum := 0.0
				ci := m.coef[(j-1)*m.nSV:]
				for v := m.start[i]; v < m.start[i]+m.count[i]; v++ {
					sum += ci[v] * kv[v]
				}
				cj := m.coef[i*m.nSV:]
				for v := m.start[j]; v < m.start[j]+m.count[j]; v++ {
					sum += cj[v] * kv[v]
				}
				d[p] = sum - m.rho[p]
				// A zero value votes for j.
				if d[p] > 0 {
					tally[i]++
				} else {
					tally[j]++
				}
				p++
			}
		}
		best := 0
		for i := 1; i < k; i++ {
			if tally[i] > tally[best] {
				best = i
			}
		}
		votes[r] = best
	}
	return dec, votes
}
