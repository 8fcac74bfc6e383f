// Package edge builds single-file slipway executables with a model
// embedded, for edge devices and serverless platforms: started, they serve
// the model, and take the flags of `slipway serve`.
package edge
