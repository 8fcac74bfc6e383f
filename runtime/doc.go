// Package runtime holds the loaded models by name and version, swaps them
// atomically while requests run, and runs their predictions under
// per-version concurrency limits with timing and panic recovery.
package runtime
