package main

import (
	"encoding/json"
	"fmt"
	"io"
	"runtime"
	"text/tabwriter"

	"github.com/slipwayml/slipway/bench/internal/stats"
)

// result is one model at one batch size: the median over rounds of each
// side's median call time.
type result struct {
	Model   string  `json:"model"`
	Family  string  `json:"family"`
	Batch   int     `json:"batch"`
	Slipway float64 `json:"slipway_us"`
	ORT     float64 `json:"onnxruntime_us"`
	Ratio   float64 `json:"ratio"` // Slipway's time over ONNX Runtime's: below 1 is faster
	// NetORT is ONNX Runtime's time less its floor (the Identity model's,
	// at the same batch size): the model's compute without the cost of a
	// call through Node.js; nil when the floor was not measured.
	NetORT *float64 `json:"onnxruntime_net_us,omitempty"`
	Target float64  `json:"target,omitempty"`
	OK     bool     `json:"ok"`
}

func newResult(j *job, rounds []sides) result {
	med := func(f func(sides) float64) float64 {
		v := make([]float64, len(rounds))
		for i, r := range rounds {
			v[i] = f(r)
		}
		return stats.Median(v)
	}
	r := result{Model: j.name, Family: j.family.String(), Batch: j.batch, OK: true,
		Slipway: med(func(s sides) float64 { return s.slipway }), ORT: med(func(s sides) float64 { return s.ort })}
	r.Ratio = r.Slipway / r.ORT
	if t, ok := j.family.target(); ok {
		r.Target, r.OK = t, r.Ratio <= t
	}
	return r
}

// subtractFloor sets NetORT of each result from the floor model's result
// at the same batch size, when it was measured.
func subtractFloor(results []result) {
	floors := map[int]float64{}
	for _, r := range results {
		if r.Family == floor.String() {
			floors[r.Batch] = r.ORT
		}
	}
	for i, r := range results {
		if f, ok := floors[r.Batch]; ok && r.Family != floor.String() {
			net := max(r.ORT-f, 0)
			results[i].NetORT = &net
		}
	}
}

// verdict says how a result compares with its target.
func (r result) verdict() string {
	switch {
	case r.Target == 0:
		return ""
	case !r.OK:
		return fmt.Sprintf("MISSES ≤%g×", r.Target)
	case r.Family == neural.String() && r.Ratio > goalNeural:
		return fmt.Sprintf("ok (goal %g×)", goalNeural)
	}
	return "ok"
}

func writeTable(w io.Writer, ortVersion string, rounds int, results []result) error {
	fmt.Fprintf(w, "median call time, µs, one thread each (median of %d rounds); Slipway %s, ONNX Runtime %s (onnxruntime-node); %d CPUs\n\n",
		rounds, runtime.Version(), ortVersion, runtime.NumCPU())
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "model\tfamily\tbatch\tslipway µs\tonnxruntime µs\tratio\t\tonnxruntime − floor µs\t")
	for _, r := range results {
		net := ""
		if r.NetORT != nil {
			net = fmt.Sprintf("%.2f", *r.NetORT)
		}
		fmt.Fprintf(tw, "%s\t%s\t%d\t%.2f\t%.2f\t%.2f×\t%s\t%s\t\n", r.Model, r.Family, r.Batch, r.Slipway, r.ORT, r.Ratio, r.verdict(), net)
	}
	return tw.Flush()
}

func writeJSON(w io.Writer, ortVersion string, rounds int, results []result) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", " ")
	return enc.Encode(struct {
		Go          string   `json:"go"`
		ONNXRuntime string   `json:"onnxruntime"`
		CPUs        int      `json:"cpus"`
		Rounds      int      `json:"rounds"`
		Results     []result `json:"results"`
	}{runtime.Version(), ortVersion, runtime.NumCPU(), rounds, results})
}
