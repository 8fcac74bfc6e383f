package sklearn

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/slipwayml/slipway/format/pickle"
)

// Scikit-learn ≥ 1.3 pickles its sklearn._loss objects, which
// scripts/gen_sklearn.py (Debian's 1.2) cannot produce; these cases state
// the differences with references from scipy (gmean, logit).
func TestGBLossInitRaw(t *testing.T) {
	for _, c := range []struct {
		name  string
		loss  gbLoss
		proba []float64
		want  []float64
	}{
		{"multinomial ≤ 1.2: log p", gbLoss{kind: multinomial}, []float64{0.2, 0.3, 0.5},
			[]float64{-1.6094379124341003, -1.203972804325936, -0.6931471805599453}},
		{"multinomial ≥ 1.3: log(p / gmean p)", gbLoss{kind: multinomial, modern: true}, []float64{0.2, 0.3, 0.5},
			[]float64{-0.44058527999410635, -0.03512017188594202, 0.4757054518800486}},
		{"binomial clips 0 to float32 eps", gbLoss{kind: binomial}, []float64{1, 0}, []float64{-15.942385033669446}},
		{"binomial clips 1 to 1 - eps", gbLoss{kind: binomial, modern: true}, []float64{0, 1}, []float64{15.942385033669446}},
		{"exponential: half the log odds", gbLoss{kind: exponential}, []float64{0.2, 0.8}, []float64{0.6931471805599454}},
	} {
		got := make([]float64, len(c.want))
		c.loss.initRaw(c.proba, got)
		for j := range got {
			if math.Abs(got[j]-c.want[j]) > 1e-12 {
				t.Errorf("%s: raw %v, want %v", c.name, got, c.want)
				break
			}
		}
	}
}

func TestGBLossDecide(t *testing.T) {
	for _, c := range []struct {
		name string
		loss gbLoss
		raw  []float64
		k    int
		want []int
	}{
		// expit(0) = 0.5 ties [0.5, 0.5]: argmax picks class 0.
		{"binomial ≤ 1.2: argmax of probabilities", gbLoss{kind: binomial}, []float64{0, 1e-20, -1}, 1, []int{0, 0, 0}},
		{"binomial ≥ 1.3: sign of the score", gbLoss{kind: binomial, modern: true}, []float64{0, 1e-20, -1}, 1, []int{1, 1, 0}},
		{"exponential: sign of the score", gbLoss{kind: exponential}, []float64{0, -1e-20, 2}, 1, []int{1, 0, 1}},
		{"multinomial ≥ 1.3: argmax of scores", gbLoss{kind: multinomial, modern: true}, []float64{1, 3, 2, 5, 4, 0}, 3, []int{1, 0}},
		{"multinomial ≤ 1.2: argmax of probabilities", gbLoss{kind: multinomial}, []float64{1, 3, 2, 5, 4, 0}, 3, []int{1, 0}},
	} {
		got := c.loss.decide(c.raw, len(c.raw)/c.k, c.k)
		if fmt.Sprint(got) != fmt.Sprint(c.want) {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}

func TestDecodeLoss(t *testing.T) {
	obj := func(module, name string) *pickle.Object {
		return &pickle.Object{Class: pickle.Global{Module: module, Name: name}, State: &pickle.Dict{}}
	}
	for _, c := range []struct {
		name  string
		attr  string
		value any
		k     int
		want  gbLoss
		err   string
	}{
		{"≥ 1.3", "_loss", obj("sklearn._loss.loss", "HalfMultinomialLoss"), 3, gbLoss{kind: multinomial, modern: true}, ""},
		{"1.1–1.2", "_loss", obj("sklearn.ensemble._gb_losses", "ExponentialLoss"), 1, gbLoss{kind: exponential}, ""},
		{"≤ 1.0", "loss_", obj("sklearn.ensemble._gb_losses", "BinomialDeviance"), 1, gbLoss{kind: binomial}, ""},
		{"parameter only", "loss", "exponential", 1, gbLoss{kind: exponential}, ""},
		{"parameter, many classes", "loss", "log_loss", 4, gbLoss{kind: multinomial}, ""},
		{"regression loss", "_loss", obj("sklearn._loss.loss", "HalfSquaredError"), 1, gbLoss{}, "unsupported classification loss sklearn._loss.loss.HalfSquaredError"},
		{"wrong trees per stage", "_loss", obj("sklearn._loss.loss", "HalfBinomialLoss"), 3, gbLoss{}, "does not match 3 trees per stage"},
		{"nothing", "other", int64(1), 1, gbLoss{}, "fitted attribute loss is missing"},
	} {
		st := &pickle.Dict{}
		st.Set(c.attr, c.value)
		got, err := decodeLoss(state{&pickle.Object{State: st}}, c.k)
		switch {
		case c.err != "" && (err == nil || !strings.Contains(err.Error(), c.err)):
			t.Errorf("%s: error %v, want %q", c.name, err, c.err)
		case c.err == "" && (err != nil || got != c.want):
			t.Errorf("%s: %+v, %v; want %+v", c.name, got, err, c.want)
		}
	}
}
