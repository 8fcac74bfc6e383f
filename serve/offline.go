package serve

import (
	"bytes"
	"context"
	"fmt"

	"github.com/slipwayml/slipway/model"
)

// offlineDepth is the JSON nesting limit for offline requests, the server's
// default.
var offlineDepth = Default().JSONDepth

// PredictOffline answers a request body without a server, for `slipway
// predict`. It accepts every JSON layout the server does: a V2 inference
// request (answered with a V2 response), or a bare list of rows,
// {"instances"}, {"inputs"}, {"dataframe_split"} or {"dataframe_records"}
// (answered {"predictions": ...}). method, if set, names the output for the
// non-V2 layouts, e.g. "predict_proba". The answer has no trailing newline.
func PredictOffline(ctx context.Context, m model.Model, body []byte, method string) ([]byte, error) {
	sig := m.Signature()
	req, isV2, err := decodeOffline(body, sig, method)
	if err != nil {
		return nil, err
	}
	out, err := m.Predict(ctx, req.inputs, req.outputs)
	if err != nil {
		return nil, fmt.Errorf("predict: %w", err)
	}
	if isV2 {
		b, _, err := appendV2Response(nil, "", "", sig, req, out)
		return bytes.TrimSuffix(b, []byte("\n")), err
	}
	b, err := appendPrediction([]byte(`{"predictions":`), sig, req.outputs, out)
	if err != nil {
		return nil, err
	}
	return append(b, '}'), nil
}

// DecodeOffline decodes a body in any layout PredictOffline accepts into the
// model's inputs and the outputs to compute (nil: the defaults), for `slipway
// bench`.
func DecodeOffline(body []byte, sig model.Signature, method string) (model.Tensors, []string, error) {
	req, _, err := decodeOffline(body, sig, method)
	if err != nil {
		return nil, nil, err
	}
	return req.inputs, req.outputs, nil
}

// decodeOffline detects the layout and decodes it; a non-V2 layout becomes
// a v2Request with just inputs and outputs.
func decodeOffline(body []byte, sig model.Signature, method string) (*v2Request, bool, error) {
	v, err := parseJSON(body, offlineDepth)
	if err != nil {
		return nil, false, err
	}
	if isV2Request(v) {
		req, err := decodeV2(sig, v, nil)
		return req, true, err
	}
	req := &v2Request{}
	if method != "" {
		req.outputs = []string{method}
		if err := checkOutputs(sig, req.outputs); err != nil {
			return nil, false, err
		}
	}
	if _, ok := v.([]any); ok {
		req.inputs, err = rowsToInputs(sig, v)
	} else {
		req.inputs, err = mlflowToInputs(sig, v)
	}
	return req, false, err
}
