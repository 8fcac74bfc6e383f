package main

import (
	"testing"
)

func TestCheck(t *testing.T) {
	loads := func(lr64, ceil64, rf64, flask64, lrP99, ceilP99 float64, errs int64) []loadResult {
		return []loadResult{
			{Target: ceilingLR, Conns: 64, RPS: ceil64},
			{Target: slipwayLR, Conns: 64, RPS: lr64},
			{Target: slipwayRF, Conns: 64, RPS: rf64},
			{Target: flaskRF, Conns: 64, RPS: flask64, Errors: errs},
			{Target: ceilingLR, Conns: 16, P99US: ceilP99},
			{Target: slipwayLR, Conns: 16, P99US: lrP99},
		}
	}
	tests := []struct {
		name   string
		loads  []loadResult
		conns  []int
		wantOK []bool // LR/ceiling, RF/flask, p99, failed requests
	}{
		{"all met", loads(8000, 10000, 5100, 100, 1400, 1000, 0), []int{1, 16, 64}, []bool{true, true, true, true}},
		{"exactly at limits", loads(7000, 10000, 5000, 100, 1500, 1000, 0), []int{16, 64}, []bool{true, true, true, true}},
		{"LR too slow", loads(6900, 10000, 5000, 100, 1000, 1000, 0), []int{16, 64}, []bool{false, true, true, true}},
		{"RF too slow", loads(8000, 10000, 4900, 100, 1000, 1000, 0), []int{16, 64}, []bool{true, false, true, true}},
		{"p99 too high", loads(8000, 10000, 5000, 100, 1600, 1000, 0), []int{16, 64}, []bool{true, true, false, true}},
		{"failed requests", loads(8000, 10000, 5000, 100, 1000, 1000, 3), []int{16, 64}, []bool{true, true, true, false}},
		{"target missing", loads(8000, 10000, 5000, 0, 1000, 1000, 0), []int{16, 64}, []bool{true, false, true, true}},
		{"only 16 conns run", loads(1, 10000, 1, 100, 1000, 1000, 0), []int{16}, []bool{true, true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := report{Loads: tt.loads}
			r.check(tt.conns)
			if len(r.Checks) != len(tt.wantOK) {
				t.Fatalf("%d checks, want %d: %+v", len(r.Checks), len(tt.wantOK), r.Checks)
			}
			allOK := true
			for i, c := range r.Checks {
				if c.OK != tt.wantOK[i] {
					t.Errorf("%s: ok = %v, want %v (value %g)", c.Name, c.OK, tt.wantOK[i], c.Value)
				}
				allOK = allOK && tt.wantOK[i]
			}
			if r.ok() != allOK {
				t.Errorf("ok() = %v, want %v", r.ok(), allOK)
			}
		})
	}
}
