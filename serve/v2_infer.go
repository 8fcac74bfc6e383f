package serve

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"github.com/slipwayml/slipway/internal/jsonvalue"
	"github.com/slipwayml/slipway/model"
	"github.com/slipwayml/slipway/tensor"
)

// headerLength is the binary tensor data extension's header: the length of
// the JSON part of a body whose rest is raw tensor bytes.
const headerLength = "Inference-Header-Content-Length"

// v2Request is a decoded V2 inference request.
type v2Request struct {
	id      string // echoed back when set
	inputs  model.Tensors
	outputs []string
	// binary marks outputs to send in the binary extension's layout.
	binary    []bool
	allBinary bool
}

func (s *Server) v2Infer(x *exchange) error {
	v, err := s.v2Version(x)
	if err != nil {
		return err
	}
	jsonLen, err := parseHeaderLength(x.r.Header.Get(headerLength))
	if err != nil {
		return err
	}
	header, raw, err := splitBinary(x.body, jsonLen)
	if err != nil {
		return err
	}
	body, err := parseJSON(header, s.cfg.JSONDepth)
	if err != nil {
		return err
	}
	sig := v.Model().Signature()
	req, err := decodeV2(sig, body, raw)
	if err != nil {
		return err
	}
	out, err := v.Predict(x.r.Context(), req.inputs, req.outputs)
	if err != nil {
		return err
	}
	b, n, err := appendV2Response(x.out[:0], v.Name(), v.Version(), sig, req, out)
	x.out = b
	if err != nil {
		return err
	}
	if n < 0 {
		x.sendJSON()
		return nil
	}
	x.Header()[headerLength] = []string{strconv.Itoa(n)}
	x.send(http.StatusOK, binaryType, x.out)
	return nil
}

// parseHeaderLength reads Inference-Header-Content-Length; -1 when absent.
func parseHeaderLength(h string) (int64, error) {
	if h == "" {
		return -1, nil
	}
	n, err := strconv.ParseInt(h, 10, 64)
	if err != nil || n < 0 {
		return 0, badRequest(fmt.Errorf("%s %q: want a non-negative integer", headerLength, h))
	}
	return n, nil
}

// splitBinary splits a body into its JSON header and the binary tensor data
// that follows it; jsonLen < 0 means the body is all JSON.
func splitBinary(body []byte, jsonLen int64) (header, raw []byte, err error) {
	if jsonLen < 0 {
		return body, nil, nil
	}
	if jsonLen > int64(len(body)) {
		return nil, nil, badRequest(fmt.Errorf("%s is %d but the body has only %d bytes", headerLength, jsonLen, len(body)))
	}
	return body[:jsonLen], body[jsonLen:], nil
}

// isV2Request reports whether a parsed body is a V2 inference request: an
// object whose "inputs" is a list of objects with a "datatype".
func isV2Request(v any) bool {
	obj, ok := v.(*jsonvalue.Object)
	if !ok {
		return false
	}
	inputs, _ := obj.Get("inputs")
	list, _ := inputs.([]any)
	if len(list) == 0 {
		return false
	}
	first, ok := list[0].(*jsonvalue.Object)
	if !ok {
		return false
	}
	_, ok = first.Get("datatype")
	return ok
}

// decodeV2 decodes a parsed V2 inference request; raw is the binary tensor
// data that followed its JSON.
func decodeV2(sig model.Signature, v any, raw []byte) (*v2Request, error) {
	obj, ok := v.(*jsonvalue.Object)
	if !ok {
		return nil, badRequest(errors.New("V2 inference request must be a JSON object"))
	}
	req := &v2Request{}
	if id, ok := obj.Get("id"); ok {
		if req.id, ok = id.(string); !ok {
			return nil, badRequest(errors.New(`"id" must be a string`))
		}
	}
	if p, ok := obj.Get("parameters"); ok {
		req.allBinary = boolParam(p, "binary_data_output")
	}
	inputs, ok := obj.Get("inputs")
	list, isList := inputs.([]any)
	if !ok || !isList {
		return nil, badRequest(errors.New(`"inputs" must be a list of tensors`))
	}
	req.inputs = make(model.Tensors, len(list))
	for i, e := range list {
		name, t, err := decodeV2Input(e, &raw)
		if err != nil {
			return nil, badRequest(fmt.Errorf("inputs[%d]: %w", i, err))
		}
		spec, err := v2InputSpec(sig, name, len(list))
		if err != nil {
			return nil, err
		}
		if _, dup := req.inputs[spec.Name]; dup {
			return nil, badRequest(fmt.Errorf("input %q given twice", name))
		}
		if spec.DType != tensor.Invalid && t.DType() != spec.DType {
			if t, err = t.Convert(spec.DType); err != nil {
				return nil, badRequest(fmt.Errorf("input %q: model wants %v: %w", name, spec.DType, err))
			}
		}
		req.inputs[spec.Name] = t
	}
	if len(raw) > 0 {
		return nil, badRequest(fmt.Errorf("%d bytes of binary data follow the inputs that no input claims", len(raw)))
	}
	if outs, ok := obj.Get("outputs"); ok {
		if err := decodeV2Outputs(req, outs); err != nil {
			return nil, err
		}
		if err := checkOutputs(sig, req.outputs); err != nil {
			return nil, err
		}
	}
	return req, nil
}

// v2InputSpec finds the model input a request input feeds. A model with a
// single input takes it under any name, as MLServer and KServe do.
func v2InputSpec(sig model.Signature, name string, n int) (model.TensorSpec, error) {
	if len(sig.Inputs) == 1 && n == 1 {
		return sig.Inputs[0], nil
	}
	spec, ok := sig.Input(name)
	if !ok {
		return spec, badRequest(fmt.Errorf("unknown input %q (model inputs: %s)", name, specNames(sig.Inputs)))
	}
	return spec, nil
}

// decodeV2Input decodes one input tensor, taking its bytes from the front
// of *raw when it carries the binary_data_size parameter.
func decodeV2Input(v any, raw *[]byte) (string, *tensor.Tensor, error) {
	obj, ok := v.(*jsonvalue.Object)
	if !ok {
		return "", nil, errors.New("want an object with name, shape, datatype and data")
	}
	name, err := stringField(obj, "name")
	if err != nil {
		return "", nil, err
	}
	dts, err := stringField(obj, "datatype")
	if err != nil {
		return name, nil, fmt.Errorf("input %q: %w", name, err)
	}
	dt, err := tensor.ParseDType(dts)
	if err != nil {
		return name, nil, fmt.Errorf("input %q: %w", name, err)
	}
	shape, err := shapeField(obj)
	if err != nil {
		return name, nil, fmt.Errorf("input %q: %w", name, err)
	}
	// Refuse bad shapes before looking at the data.
	if _, err := tensor.NumElements(shape); err != nil {
		return name, nil, fmt.Errorf("input %q: %w", name, err)
	}
	size, isBinary, err := binarySize(obj)
	if err != nil {
		return name, nil, fmt.Errorf("input %q: %w", name, err)
	}
	var t *tensor.Tensor
	if isBinary {
		if size > int64(len(*raw)) {
			return name, nil, fmt.Errorf("input %q: binary_data_size %d but only %d bytes of binary data remain", name, size, len(*raw))
		}
		t, err = tensor.FromBinary((*raw)[:size], shape, dt)
		*raw = (*raw)[size:]
	} else {
		data, ok := obj.Get("data")
		if !ok {
			return name, nil, fmt.Errorf("input %q: no \"data\" (and no binary_data_size parameter)", name)
		}
		t, err = tensor.FromFlat(data, shape, dt)
	}
	if err != nil {
		return name, nil, fmt.Errorf("input %q: %w", name, err)
	}
	return name, t, nil
}

// decodeV2Outputs reads the requested outputs and their binary_data flags.
func decodeV2Outputs(req *v2Request, v any) error {
	list, ok := v.([]any)
	if !ok {
		return badRequest(errors.New(`"outputs" must be a list of {"name": ...} objects`))
	}
	req.outputs = make([]string, len(list))
	req.binary = make([]bool, len(list))
	for i, e := range list {
		obj, ok := e.(*jsonvalue.Object)
		if !ok {
			return badRequest(fmt.Errorf("outputs[%d]: want an object with a name", i))
		}
		name, err := stringField(obj, "name")
		if err != nil {
			return badRequest(fmt.Errorf("outputs[%d]: %w", i, err))
		}
		req.outputs[i] = name
		if p, ok := obj.Get("parameters"); ok {
			req.binary[i] = boolParam(p, "binary_data")
		}
	}
	return nil
}
