// Package serve is Slipway's HTTP server: one adapter per protocol (plain
// JSON, Open Inference Protocol V2, TF Serving REST, KServe V1, MLflow
// scoring, Prometheus metrics) that decodes a request into tensors, runs it on
// the runtime and encodes the answer.
package serve
