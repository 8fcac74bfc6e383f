// Package stats summarises the repeated measurements of the benchmark
// harnesses.
package stats

import "slices"

// Median returns the middle value of xs, the mean of the two middle ones
// for an even count, and 0 for none.
func Median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Sorted(slices.Values(xs))
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}
