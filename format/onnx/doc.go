// Package onnx loads ONNX models, validates and plans their graphs at load
// time, and runs them with the kernels of package ops; it registers the
// "onnx" model format.
//
// Graph values are tensors, sequences and maps (ops.Value). A model's
// signature lists its tensor inputs and outputs; outputs that are not
// tensors, such as ZipMap's sequence of maps, are computed by the graph but
// not yet offered by Predict.
package onnx
