// Package model defines what every model format produces: a Model with a
// Signature and a concurrency-safe Predict, plus the registry of formats and
// their detection by content.
package model
