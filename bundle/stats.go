package bundle

import (
	"fmt"
	"math"
	"slices"

	"github.com/slipwayml/slipway/model"
)

// Stats summarises the example inputs feature by feature: the baseline later
// compared with live traffic to detect drift.
type Stats struct {
	Features []FeatureStats `json:"features"`
}

// FeatureStats describes one input column. Std is the population standard
// deviation and quantiles interpolate linearly, as numpy's defaults do. NaNs
// are left out of every figure.
type FeatureStats struct {
	// Name is the input's name, with the column index for inputs of rank
	// two or more: "input[2]".
	Name      string    `json:"name"`
	Count     int       `json:"count"`
	Mean      float64   `json:"mean"`
	Std       float64   `json:"std"`
	Min       float64   `json:"min"`
	Max       float64   `json:"max"`
	Quantiles Quantiles `json:"quantiles"`
}

// Quantiles are the percentiles recorded for each feature.
type Quantiles struct {
	P1  float64 `json:"p1"`
	P5  float64 `json:"p5"`
	P25 float64 `json:"p25"`
	P50 float64 `json:"p50"`
	P75 float64 `json:"p75"`
	P95 float64 `json:"p95"`
	P99 float64 `json:"p99"`
}

// computeStats gathers the numeric inputs of every request, in the order the
// signature lists them, and summarises each column. Non-numeric inputs
// (strings) have no statistics.
func computeStats(sig model.Signature, requests []model.Tensors) *Stats {
	var st Stats
	for _, spec := range sig.Inputs {
		var cols [][]float64
		for _, in := range requests {
			t := in[spec.Name]
			if t == nil {
				continue
			}
			vals, err := t.Float64s()
			if err != nil || len(vals) == 0 {
				continue
			}
			width := 1
			if shape := t.Shape(); len(shape) > 1 {
				width = len(vals) / shape[0]
			}
			if cols == nil {
				cols = make([][]float64, width)
			}
			if width != len(cols) {
				continue // a request of another width cannot share columns
			}
			for i, v := range vals {
				if !math.IsNaN(v) {
					cols[i%width] = append(cols[i%width], v)
				}
			}
		}
		for j, col := range cols {
			name := spec.Name
			if len(cols) > 1 || len(spec.Shape) > 1 {
				name = fmt.Sprintf("%s[%d]", spec.Name, j)
			}
			st.Features = append(st.Features, summarise(name, col))
		}
	}
	if len(st.Features) == 0 {
		return nil
	}
	return &st
}

func summarise(name string, col []float64) FeatureStats {
	fs := FeatureStats{Name: name, Count: len(col)}
	if len(col) == 0 {
		return fs
	}
	slices.Sort(col)
	var sum float64
	for _, v := range col {
		sum += v
	}
	fs.Mean = sum / float64(len(col))
	var ss float64
	for _, v := range col {
		ss += (v - fs.Mean) * (v - fs.Mean)
	}
	fs.Std = math.Sqrt(ss / float64(len(col)))
	fs.Min, fs.Max = col[0], col[len(col)-1]
	q := func(p float64) float64 { return quantile(col, p) }
	fs.Quantiles = Quantiles{q(0.01), q(0.05), q(0.25), q(0.5), q(0.75), q(0.95), q(0.99)}
	return fs
}

// quantile interpolates linearly between the closest ranks of sorted
// (numpy's "linear" method).
func quantile(sorted []float64, p float64) float64 {
	h := p * float64(len(sorted)-1)
	lo := math.Floor(h)
	i := int(lo)
	if i+1 >= len(sorted) {
		return sorted[len(sorted)-1]
	}
	return sorted[i] + (h-lo)*(sorted[i+1]-sorted[i])
}
