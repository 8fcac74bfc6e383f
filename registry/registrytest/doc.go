// Package registrytest is the conformance suite every registry.Store
// implementation passes: each implementation's test calls Run in one line.
package registrytest
