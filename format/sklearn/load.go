package sklearn

import (
	"context"
	"fmt"
	"path/filepath"
	"sort"
	"strings"

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

func init() {
	// numpy's RandomState, which estimators keep when given one as
	// random_state; it is never used for prediction.
	allowHelpers(
		"numpy.random._pickle.__randomstate_ctor",
		"numpy.random._pickle.__bit_generator_ctor",
		"numpy.random._pickle.__generator_ctor",
		"numpy.random.mtrand.RandomState",
		"numpy.random._mt19937.MT19937",
	)
}

// Load reads a scikit-learn estimator from a pickle or joblib file.
func Load(path string) (*Model, error) {
	used := map[string]bool{}
	opts := pickle.Options{
		Seen: func(g pickle.Global) { used[g.String()] = true },
		Allow: func(g pickle.Global) bool {
			_, est := decoders[g.String()]
			return est || helperClasses[g.String()]
		},
	}
	v, err := pickle.LoadFile(path, opts)
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
