// Package perf measures a loaded model's in-process prediction latency and
// throughput, for `slipway bench`.
package perf
