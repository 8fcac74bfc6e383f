package runtime

import "errors"

var (
	// ErrNotFound is wrapped when a model, version or label is not loaded.
	ErrNotFound = errors.New("not found")
	// ErrSaturated is returned when a version's concurrency limit stayed
	// full for the whole queue timeout.
	ErrSaturated = errors.New("model is saturated")
	// ErrModelPanic is wrapped when a model's Predict panicked.
	ErrModelPanic = errors.New("model panicked")
)
