// Package ops holds the ONNX operator kernels, one file per operator or
// tight family, each registered by one line in the sorted table of table.go.
package ops
