package serve

import (
	"maps"
	"slices"
	"strconv"

	"github.com/slipwayml/slipway/internal/jsonvalue"
	"github.com/slipwayml/slipway/model"
	"github.com/slipwayml/slipway/tensor"
)

// tfMetadata answers GetModelMetadata: every SignatureDef of a model that
// keeps them (model.SignatureDefLister), else the model's signature as
// "serving_default".
func (s *Server) tfMetadata(x *exchange, p tfPath) error {
	v, err := s.tfVersion(x, p)
	if err != nil {
		return err
	}
	var defs map[string]model.SignatureDef
	if l, ok := v.Model().(model.SignatureDefLister); ok {
		defs = l.SignatureDefs()
	} else {
		defs = map[string]model.SignatureDef{model.DefaultSignature: signatureDef(v.Model().Signature())}
	}
	b := append(x.out[:0], `{"model_spec":{"name":`...)
	b = jsonvalue.AppendString(b, v.Name())
	b = append(b, `,"signature_name":"","version":`...)
	b = jsonvalue.AppendString(b, v.Version())
	b = append(b, `},"metadata":{"signature_def":{"signature_def":{`...)
	for i, name := range slices.Sorted(maps.Keys(defs)) {
		if i > 0 {
			b = append(b, ',')
		}
		b = jsonvalue.AppendString(b, name)
		b = appendSignatureDef(append(b, ':'), defs[name])
	}
	x.out = append(b, "}}}}\n"...)
	x.sendJSON()
	return nil
}

// signatureDef describes a model's one signature as a predict
// SignatureDef whose tensors are named for themselves.
func signatureDef(sig model.Signature) model.SignatureDef {
	infos := func(specs []model.TensorSpec) map[string]model.TensorInfo {
		out := make(map[string]model.TensorInfo, len(specs))
		for _, sp := range specs {
			out[sp.Name] = model.TensorInfo{Name: sp.Name, DType: tfDType(sp.DType), Shape: sp.Shape}
		}
		return out
	}
	return model.SignatureDef{Method: tfMethodPrefix + "predict", Inputs: infos(sig.Inputs), Outputs: infos(sig.Outputs)}
}

// appendSignatureDef writes def as TF Serving's JSON does: sizes as
// strings, every field present, and "defaults" (which Slipway never has)
// on each signature with a method, that is all but TF2's init signature.
func appendSignatureDef(b []byte, def model.SignatureDef) []byte {
	b = appendTensorInfos(append(b, `{"inputs":`...), def.Inputs)
	b = appendTensorInfos(append(b, `,"outputs":`...), def.Outputs)
	b = jsonvalue.AppendString(append(b, `,"method_name":`...), def.Method)
	if def.Method != "" {
		b = append(b, `,"defaults":{}`...)
	}
	return append(b, '}')
}

func appendTensorInfos(b []byte, infos map[string]model.TensorInfo) []byte {
	b = append(b, '{')
	for i, key := range slices.Sorted(maps.Keys(infos)) {
		info := infos[key]
		if i > 0 {
			b = append(b, ',')
		}
		b = jsonvalue.AppendString(b, key)
		b = jsonvalue.AppendString(append(b, `:{"dtype":`...), info.DType)
		b = append(b, `,"tensor_shape":{"dim":[`...)
		for j, d := range info.Shape {
			if j > 0 {
				b = append(b, ',')
			}
			b = strconv.AppendInt(append(b, `{"size":"`...), int64(d), 10)
			b = append(b, `","name":""}`...)
		}
		b = strconv.AppendBool(append(b, `],"unknown_rank":`...), info.UnknownRank)
		b = jsonvalue.AppendString(append(b, `},"name":`...), info.Name)
		b = append(b, '}')
	}
	return append(b, '}')
}

// tfDType is TensorFlow's DataType enum name for dt.
func tfDType(dt tensor.DType) string {
	switch dt {
	case tensor.Bool:
		return "DT_BOOL"
	case tensor.Float16:
		return "DT_HALF"
	case tensor.Float32:
		return "DT_FLOAT"
	case tensor.Float64:
		return "DT_DOUBLE"
	case tensor.String:
		return "DT_STRING"
	case tensor.Int8, tensor.Int16, tensor.Int32, tensor.Int64, tensor.Uint8, tensor.Uint16, tensor.Uint32, tensor.Uint64:
		return "DT_" + dt.String()
	}
	return "DT_INVALID"
}
