// Package savedmodel loads TensorFlow SavedModels (saved_model.pb or
// saved_model.pbtxt plus the variables TensorBundle) and runs their graphs
// and functions with a pure-Go interpreter; it registers the "savedmodel"
// model format.
package savedmodel
