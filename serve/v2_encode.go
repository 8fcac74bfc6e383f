package serve

import (
	"fmt"
	"github.com/slipwayml/slipway/internal/jsonvalue"
	"strconv"

	"github.com/slipwayml/slipway/model"
)

// appendV2Response appends the V2 response. When any output goes in the
// binary layout, its bytes follow the JSON and n is the JSON's length;
// otherwise n is -1. V2 tensors are typed, so records stay the [N, K]
// tensor and their keys go in the output's "parameters" as "keys", in
// column order.
func appendV2Response(b []byte, name, version string, sig model.Signature, req *v2Request, out model.Tensors) (_ []byte, n int, err error) {
	names := outputNames(sig, req.outputs)
	b = append(b, `{"model_name":`...)
	b = jsonvalue.AppendString(b, name)
	b = append(b, `,"model_version":`...)
	b = jsonvalue.AppendString(b, version)
	if req.id != "" {
		b = append(b, `,"id":`...)
		b = jsonvalue.AppendString(b, req.id)
	}
	b = append(b, `,"outputs":[`...)
	var bin []byte
	anyBinary := false
	for i, on := range names {
		t, ok := out[on]
		if !ok {
			return b, 0, fmt.Errorf("model did not return output %q", on)
		}
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"name":`...)
		b = jsonvalue.AppendString(b, on)
		b = append(b, `,"datatype":"`...)
		b = append(b, t.DType().String()...)
		b = append(b, `","shape":`...)
		b = appendInts(b, t.Shape())
		spec, _ := sig.Output(on)
		if req.allBinary || (i < len(req.binary) && req.binary[i]) {
			anyBinary = true
			before := len(bin)
			bin = t.AppendBinary(bin)
			b = appendV2Parameters(b, spec.Keys, len(bin)-before)
			b = append(b, '}')
			continue
		}
		b = appendV2Parameters(b, spec.Keys, -1)
		b = append(b, `,"data":`...)
		b = t.AppendFlatJSON(b)
		b = append(b, '}')
	}
	b = append(b, "]}"...)
	if !anyBinary {
		return append(b, '\n'), -1, nil
	}
	n = len(b)
	return append(b, bin...), n, nil
}

// appendV2Parameters appends an output's "parameters": the keys of records
// and the size of binary data (binarySize >= 0), if any.
func appendV2Parameters(b []byte, keys []string, binarySize int) []byte {
	if keys == nil && binarySize < 0 {
		return b
	}
	b = append(b, `,"parameters":{`...)
	if keys != nil {
		b = append(b, `"keys":[`...)
		for i, k := range keys {
			if i > 0 {
				b = append(b, ',')
			}
			b = jsonvalue.AppendString(b, k)
		}
		b = append(b, ']')
		if binarySize >= 0 {
			b = append(b, ',')
		}
	}
	if binarySize >= 0 {
		b = append(b, `"binary_data_size":`...)
		b = strconv.AppendInt(b, int64(binarySize), 10)
	}
	return append(b, '}')
}
