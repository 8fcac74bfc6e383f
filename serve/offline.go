package serve

import (
	"context"
	"fmt"

	"github.com/slipwayml/slipway/model"
)

// offlineDepth is the JSON nesting limit for PredictOffline, the server's
// default.
var offlineDepth = Default().JSONDepth

// PredictOffline answers a request body without a server, for `slipway
// predict`. It accepts every JSON layout the server does: a V2 inference
// request (answered with a V2 response), or a bare list of rows,
// {"instances"}, {"inputs"}, {"dataframe_split"} or {"dataframe_records"}
// (answered {"predictions": ...}). method, if set, names the output for the
// non-V2 layouts, e.g. "predict_proba".
func PredictOffline(ctx context.Context, m model.Model, body []byte, method string) ([]byte, error) {
	sig := m.Signature()
	v, err := parseJSON(body, offlineDepth)
	if err != nil {
		return nil, err
	}
	if isV2Request(v) {
		req, err := decodeV2(sig, v, nil)
		if err != nil {
			return nil, err
		}
		out, err := m.Predict(ctx, req.inputs, req.outputs)
		if err != nil {
			return nil, err
		}
		b, _, err := appendV2Response(nil, "", "", sig, req, out)
		return b, err
	}
	var outputs []string
	if method != "" {
		outputs = []string{method}
		if err := checkOutputs(sig, outputs); err != nil {
			return nil, err
		}
	}
	var in model.Tensors
	if _, ok := v.([]any); ok {
		in, err = rowsToInputs(sig, v)
	} else {
		in, err = mlflowToInputs(sig, v)
	}
	if err != nil {
		return nil, err
	}
	out, err := m.Predict(ctx, in, outputs)
	if err != nil {
		return nil, fmt.Errorf("predict: %w", err)
	}
	b, err := appendPrediction([]byte(`{"predictions":`), sig, outputs, out)
	if err != nil {
		return nil, err
	}
	return append(b, "}\n"...), nil
}
