// Package monitor holds Slipway's Prometheus metrics: one registry with the
// serving collectors plus Go runtime and process metrics, and label children
// resolved once so the request path does no label lookups.
package monitor
