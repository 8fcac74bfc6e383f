package main

import "testing"

func TestAggregate(t *testing.T) {
	tests := []struct {
		name   string
		rounds []load
		want   loadResult
	}{
		{
			name:   "one round",
			rounds: []load{{Requests: 1000, DurationUS: 2e6, P50US: 10, P99US: 90, Errors: 1}},
			want:   loadResult{Target: "t", Conns: 16, Rounds: 1, RPS: 500, P50US: 10, P99US: 90, Errors: 1},
		},
		{
			name: "a spoiled round is dropped",
			rounds: []load{
				{Requests: 1000, DurationUS: 1e6, P50US: 10, P99US: 100},
				{Requests: 100, DurationUS: 1e6, P50US: 900, P99US: 90000, Errors: 2},
				{Requests: 1200, DurationUS: 1e6, P50US: 8, P99US: 80},
			},
			want: loadResult{Target: "t", Conns: 16, Rounds: 3, RPS: 1000, P50US: 10, P99US: 100, Errors: 2},
		},
		{
			name: "even count averages the middle two",
			rounds: []load{
				{Requests: 100, DurationUS: 1e6, P50US: 1, P99US: 4},
				{Requests: 300, DurationUS: 1e6, P50US: 3, P99US: 8},
			},
			want: loadResult{Target: "t", Conns: 16, Rounds: 2, RPS: 200, P50US: 2, P99US: 6},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := aggregate("t", 16, tt.rounds); got != tt.want {
				t.Errorf("aggregate = %+v, want %+v", got, tt.want)
			}
		})
	}
}
