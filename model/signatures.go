package model

import "context"

// DefaultSignature is the signature a request naming none runs, as in
// TensorFlow Serving.
const DefaultSignature = "serving_default"

// MultiSignature is implemented by models with several named signatures,
// such as a TensorFlow SavedModel's SignatureDefs. Signature and Predict
// are the default signature's.
//
// PredictSignature has Predict's contract for the signature called name;
// an unknown name is an *InputError. Both methods are safe for concurrent
// use.
type MultiSignature interface {
	Model
	Signatures() map[string]Signature
	PredictSignature(ctx context.Context, name string, inputs Tensors, outputs []string) (Tensors, error)
}

// SignatureDefLister is implemented by models that keep their signatures'
// definitions as the model file stores them, with TensorFlow's names for
// methods and dtypes, for TensorFlow Serving's model metadata. It lists
// every definition, including those that cannot run.
type SignatureDefLister interface {
	SignatureDefs() map[string]SignatureDef
}

// SignatureDef is a TensorFlow SignatureDef.
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
