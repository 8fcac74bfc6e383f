// Package image builds OCI images of a model and a static slipway binary on
// an empty base, without a container daemon, reproducibly: the same model
// and source give the same digest.
package image
