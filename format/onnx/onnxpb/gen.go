// Package onnxpb holds the Go types generated from Slipway's schema of the
// ONNX protobuf messages.
package onnxpb

//go:generate protoc --go_out=. --go_opt=paths=source_relative onnx.proto
