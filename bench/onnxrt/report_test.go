package main

import (
	"fmt"
	"math"
	"testing"
)

func TestNewResult(t *testing.T) {
	tests := []struct {
		name    string
		family  family
		rounds  []sides
		want    result
		verdict string
	}{
		{"classic faster", classic, []sides{{1, 10}, {3, 8}, {2, 12}},
			result{Slipway: 2, ORT: 10, Ratio: 0.2, Target: 1, OK: true}, "ok"},
		{"classic slower", classic, []sides{{5, 4}},
			result{Slipway: 5, ORT: 4, Ratio: 1.25, Target: 1}, "MISSES ≤1×"},
		{"neural within goal", neural, []sides{{12, 10}, {14, 10}},
			result{Slipway: 13, ORT: 10, Ratio: 1.3, Target: 3, OK: true}, "ok"},
		{"neural within target", neural, []sides{{20, 10}},
			result{Slipway: 20, ORT: 10, Ratio: 2, Target: 3, OK: true}, "ok (goal 1.5×)"},
		{"neural beyond target", neural, []sides{{40, 10}},
			result{Slipway: 40, ORT: 10, Ratio: 4, Target: 3}, "MISSES ≤3×"},
		{"floor has no target", floor, []sides{{1, 7}},
			result{Slipway: 1, ORT: 7, Ratio: 1.0 / 7, OK: true}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			j := &job{spec: spec{name: "m", family: tt.family}, batch: 1}
			got := newResult(j, tt.rounds)
			want := tt.want
			want.Model, want.Family, want.Batch = "m", tt.family.String(), 1
			if math.Abs(got.Ratio-want.Ratio) < 1e-12 {
				got.Ratio = want.Ratio
			}
			if got != want {
				t.Errorf("newResult = %+v, want %+v", got, want)
			}
			if v := got.verdict(); v != tt.verdict {
				t.Errorf("verdict = %q, want %q", v, tt.verdict)
			}
		})
	}
}

func TestSelectSpecs(t *testing.T) {
	all := specs()
	got, err := selectSpecs(all, "rf100_regressor,ml_linear_classifier")
	if err != nil || len(got) != 2 || got[0].name != "rf100_regressor" || got[1].path != "testdata/onnx/ml_linear_classifier/model.onnx" {
		t.Errorf("selectSpecs = %v, %v", got, err)
	}
	if got, _ := selectSpecs(all, ""); len(got) != len(all) {
		t.Errorf("selectSpecs with no list returned %d specs, want all %d", len(got), len(all))
	}
	if _, err := selectSpecs(all, "rf100_regressor,nope"); err == nil {
		t.Error("selectSpecs accepted an unknown model")
	}
}

func TestSubtractFloor(t *testing.T) {
	results := []result{
		{Model: "a", Family: classic.String(), Batch: 1, ORT: 10},
		{Model: "floor", Family: floor.String(), Batch: 1, ORT: 7},
		{Model: "a", Family: classic.String(), Batch: 8, ORT: 30},
		{Model: "b", Family: classic.String(), Batch: 1, ORT: 6.5},
	}
	subtractFloor(results)
	for i, want := range []string{"3", "none", "none", "0"} {
		got := "none"
		if n := results[i].NetORT; n != nil {
			got = fmt.Sprint(*n)
		}
		if got != want {
			t.Errorf("%s at batch %d: NetORT = %s, want %s", results[i].Model, results[i].Batch, got, want)
		}
	}
}
