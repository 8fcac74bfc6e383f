package sklearn

import (
	"context"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/slipwayml/slipway/format/pickle"
	"github.com/slipwayml/slipway/model"
)

func init() {
	model.Register(model.Format{
		Name: "sklearn",
		Detect: func(path string, head []byte, isDir bool) bool {
			return !isDir && pickle.IsPickle(head)
		},
		Load: func(ctx context.Context, path string) (model.Model, error) { return Load(path) },
	})
}

// helperClasses are non-estimator classes that fitted estimators hold.
var helperClasses = map[string]bool{
	"sklearn.tree._tree.Tree": true,
	// Loss objects of GradientBoosting (pickled as state since 1.1).
	"sklearn._loss.loss.HalfBinomialLoss":              true,
	"sklearn._loss.loss.HalfMultinomialLoss":           true,
	"sklearn._loss.loss.HalfSquaredError":              true,
	"sklearn._loss.loss.AbsoluteError":                 true,
	"sklearn._loss.loss.HuberLoss":                     true,
	"sklearn._loss.loss.PinballLoss":                   true,
	"sklearn._loss.link.IdentityLink":                  true,
	"sklearn._loss.link.LogitLink":                     true,
	"sklearn._loss.link.MultinomialLogit":              true,
	"sklearn._loss.link.Interval":                      true,
	"sklearn._loss._loss.CyHalfBinomialLoss":           true,
	"sklearn._loss._loss.CyHalfMultinomialLoss":        true,
	"sklearn._loss._loss.CyHalfSquaredError":           true,
	"sklearn._loss._loss.CyAbsoluteError":              true,
	"sklearn._loss._loss.CyHuberLoss":                  true,
	"sklearn._loss._loss.CyPinballLoss":                true,
	"sklearn.ensemble._gb_losses.BinomialDeviance":     true,
	"sklearn.ensemble._gb_losses.MultinomialDeviance":  true,
	"sklearn.ensemble._gb_losses.LeastSquaresError":    true,
	"sklearn.ensemble._gb_losses.LeastAbsoluteError":   true,
	"sklearn.ensemble._gb_losses.HuberLossFunction":    true,
	"sklearn.ensemble._gb_losses.QuantileLossFunction": true,
	"sklearn.ensemble._gb_losses.ExponentialLoss":      true,
	"numpy.random._pickle.__randomstate_ctor":          true,
	"numpy.random._pickle.__bit_generator_ctor":        true,
	"numpy.random._pickle.__generator_ctor":            true,
	"numpy.random.mtrand.RandomState":                  true,
	"numpy.random._mt19937.MT19937":                    true,
}

// Load reads a scikit-learn estimator from a pickle or joblib file.
func Load(path string) (*Model, error) {
	var mu sync.Mutex
	used := map[string]bool{}
	allow := func(g pickle.Global) bool {
		name := g.String()
		mu.Lock()
		used[name] = true
		mu.Unlock()
		_, est := decoders[name]
		return est || helperClasses[name]
	}
	v, err := pickle.LoadFile(path, pickle.Options{Allow: allow})
	if err != nil {
		return nil, err
	}
	est, err := decode(v)
	if err != nil {
		return nil, err
	}
	m := &Model{est: est, name: strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))}
	if o, ok := v.(*pickle.Object); ok {
		m.version, _ = state{o}.str("_sklearn_version")
	}
	for g := range used {
		m.globals = append(m.globals, g)
	}
	sort.Strings(m.globals)
	if err := m.init(); err != nil {
		return nil, fmt.Errorf("%s: %w", est.Class(), err)
	}
	return m, nil
}
