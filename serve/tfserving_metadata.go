package serve

import (
	"github.com/slipwayml/slipway/internal/jsonvalue"
	"strconv"

	"github.com/slipwayml/slipway/model"
	"github.com/slipwayml/slipway/tensor"
)

// tfMetadata answers GetModelMetadata with the model's signature as TF
// Serving's "serving_default" SignatureDef.
func (s *Server) tfMetadata(x *exchange, p tfPath) error {
	v, err := s.tfVersion(x, p)
	if err != nil {
		return err
	}
	sig := v.Model().Signature()
	b := append(x.out[:0], `{"model_spec":{"name":`...)
	b = jsonvalue.AppendString(b, v.Name())
	b = append(b, `,"signature_name":"","version":`...)
	b = jsonvalue.AppendString(b, v.Version())
	b = append(b, `},"metadata":{"signature_def":{"signature_def":{"serving_default":{"inputs":`...)
	b = appendTFSpecs(b, sig.Inputs)
	b = append(b, `,"outputs":`...)
	b = appendTFSpecs(b, sig.Outputs)
	x.out = append(b, `,"method_name":"tensorflow/serving/predict","defaults":{}}}}}}`+"\n"...)
	x.sendJSON()
	return nil
}

func appendTFSpecs(b []byte, specs []model.TensorSpec) []byte {
	b = append(b, '{')
	for i, sp := range specs {
		if i > 0 {
			b = append(b, ',')
		}
		b = jsonvalue.AppendString(b, sp.Name)
		b = append(b, `:{"dtype":"`...)
		b = append(b, tfDType(sp.DType)...)
		b = append(b, `","tensor_shape":{"dim":[`...)
		for j, d := range sp.Shape {
			if j > 0 {
				b = append(b, ',')
			}
			b = append(b, `{"size":"`...)
			b = strconv.AppendInt(b, int64(d), 10)
			b = append(b, `","name":""}`...)
		}
		b = append(b, `],"unknown_rank":false},"name":`...)
		b = jsonvalue.AppendString(b, sp.Name)
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
