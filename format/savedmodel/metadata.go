package savedmodel

import "github.com/slipwayml/slipway/format/savedmodel/tfpb"

// SignatureDef is a SignatureDef as the SavedModel stores it, for
// TensorFlow Serving's model metadata.
type SignatureDef struct {
	Method  string // "tensorflow/serving/predict", …/classify, …/regress
	Inputs  map[string]TensorInfo
	Outputs map[string]TensorInfo
}

// TensorInfo describes one signature tensor as TensorFlow does.
type TensorInfo struct {
	Name        string // the graph tensor, such as "x:0"
	DType       string // TensorFlow's DataType name, such as "DT_FLOAT"
	Shape       []int  // -1 for an unknown dimension
	UnknownRank bool
}

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
