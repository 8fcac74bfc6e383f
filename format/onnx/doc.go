// Package onnx loads ONNX models, validates and plans their graphs at load
// time, and runs them with the kernels of package ops; it registers the
// "onnx" model format.
package onnx
