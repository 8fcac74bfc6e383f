// Package bundle reads and writes the unit the registry versions: a tar
// holding a manifest, the model artifacts, example requests with the outputs
// the model gave for them, and baseline statistics of the example inputs,
// every file named with its sha256 digest.
package bundle
