package main

import (
	"testing"
	"time"
)

// TestSummarize checks the nearest-rank percentiles, which must agree with
// scripts/bench_sklearn.py's so that both sides are summarised alike.
func TestSummarize(t *testing.T) {
	us := func(n ...int) []time.Duration {
		d := make([]time.Duration, len(n))
		for i, x := range n {
			d[i] = time.Duration(x) * time.Microsecond
		}
		return d
	}
	hundred := make([]int, 100)
	for i := range hundred {
		hundred[i] = 100 - i // unsorted on purpose
	}
	tests := []struct {
		name  string
		times []time.Duration
		want  latency
	}{
		{"one call", us(7), latency{Calls: 1, P50: 7, P99: 7}},
		{"two calls", us(9, 3), latency{Calls: 2, P50: 3, P99: 9}},
		{"odd count", us(5, 1, 4, 2, 3), latency{Calls: 5, P50: 3, P99: 5}},
		{"hundred", us(hundred...), latency{Calls: 100, P50: 50, P99: 99}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := summarize(tt.times); got != tt.want {
				t.Errorf("summarize = %+v, want %+v", got, tt.want)
			}
		})
	}
}
