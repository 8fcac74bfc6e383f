// Package tfpb holds the Go types generated from Slipway's schema of the
// TensorFlow protobuf messages a SavedModel and its TensorBundle use.
package tfpb

//go:generate protoc --go_out=. --go_opt=paths=source_relative tf.proto
