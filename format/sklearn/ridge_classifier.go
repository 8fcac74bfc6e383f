package sklearn

import (
	"fmt"
	"strings"

	"github.com/slipwayml/slipway/format/pickle"
)

func init() {
	register(decodeRidgeClassifier,
		"sklearn.linear_model._ridge.RidgeClassifier",
		"sklearn.linear_model._ridge.RidgeClassifierCV",
	)
	// RidgeClassifier keeps its classes_ on the LabelBinarizer it fitted.
	allowHelpers("sklearn.preprocessing._label.LabelBinarizer")
}

// decodeRidgeClassifier reads a RidgeClassifier(CV): a linear classifier
// whose classes_ live on _label_binarizer. Multilabel fits, which predict
// label indicator rows instead of one label, are not supported.
func decodeRidgeClassifier(o *pickle.Object) (Estimator, error) {
	s := state{o}
	v, err := s.raw("_label_binarizer")
	if err != nil {
		return nil, err
	}
	lb, ok := v.(*pickle.Object)
	if !ok {
		return nil, fmt.Errorf("attribute _label_binarizer: expected a LabelBinarizer, found %T", v)
	}
	binarizer := state{lb}
	yType, err := binarizer.str("y_type_")
	if err != nil {
		return nil, fmt.Errorf("_label_binarizer: %w", err)
	}
	if strings.HasPrefix(yType, "multilabel") {
		return nil, fmt.Errorf("multilabel classification (y_type_ %q) is not supported", yType)
	}
	c, err := decodeLinearClassifier(s, binarizer)
	if err != nil {
		return nil, err
	}
	return &c, nil
}
