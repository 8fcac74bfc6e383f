package sklearn

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/slipwayml/slipway/format/pickle"
)

// TestTreeCorpusRefusesOldModulePaths loads KServe's MNIST random forest,
// pickled by scikit-learn 0.21 under sklearn.ensemble.forest: scikit-learn
// ≥ 0.24 cannot load it either, so it must be refused by class name.
func TestTreeCorpusRefusesOldModulePaths(t *testing.T) {
	file := filepath.Join(svmCorpus(t), "kserve/docs/samples/explanation/aix/mnist/rfserver/rfmodel.pickle")
	_, err := Load(file)
	var forbidden *pickle.ForbiddenError
	if !errors.As(err, &forbidden) || !strings.HasPrefix(forbidden.Global.Module, "sklearn.ensemble.forest") {
		t.Fatalf("Load = %v, want a refusal of sklearn.ensemble.forest", err)
	}
}
