package savedmodel

import (
	"github.com/slipwayml/slipway/format/savedmodel/tfpb"
	"github.com/slipwayml/slipway/model"
)

// SignatureDef is a SignatureDef as the SavedModel stores it, for
// TensorFlow Serving's model metadata.
type SignatureDef = model.SignatureDef

// TensorInfo describes one signature tensor as TensorFlow does.
type TensorInfo = model.TensorInfo

// SignatureDefs returns every SignatureDef of the loaded MetaGraphDef by
// key, including those that cannot run and TF2's init signature, as
// TensorFlow Serving's metadata lists them.
func (m *Model) SignatureDefs() map[string]SignatureDef {
	out := make(map[string]SignatureDef, len(m.defs))
	for name, def := range m.defs {
		out[name] = SignatureDef{Method: def.GetMethodName(), Inputs: tensorInfos(def.GetInputs()), Outputs: tensorInfos(def.GetOutputs())}
	}
	return out
}

func tensorInfos(infos map[string]*tfpb.TensorInfo) map[string]TensorInfo {
	out := make(map[string]TensorInfo, len(infos))
	for key, info := range infos {
		ti := TensorInfo{Name: info.GetName(), DType: info.GetDtype().String(), UnknownRank: info.GetTensorShape().GetUnknownRank()}
		for _, d := range info.GetTensorShape().GetDim() {
			ti.Shape = append(ti.Shape, int(d.GetSize()))
		}
		out[key] = ti
	}
	return out
}
