// Package install registers every model format Slipway ships; import it for
// its side effect.
package install

import (
	_ "github.com/slipwayml/slipway/format/onnx"       // ONNX models
	_ "github.com/slipwayml/slipway/format/savedmodel" // TensorFlow SavedModels
	_ "github.com/slipwayml/slipway/format/sklearn"    // scikit-learn pickles and joblib files
)
