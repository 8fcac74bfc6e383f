package main

import (
	"encoding/json"
	"fmt"
	"io"
	"runtime"
	"text/tabwriter"
)

// result is one model's latency on both sides.
type result struct {
	Model   string  `json:"model"`
	Class   string  `json:"class"`
	Sklearn latency `json:"sklearn"`
	Slipway latency `json:"slipway"`
}

// Speedup is how many times faster Slipway's median call is.
func (r result) Speedup() float64 { return r.Sklearn.P50 / r.Slipway.P50 }

func writeTable(w io.Writer, e env, results []result, target float64) error {
	fmt.Fprintf(w, "single-row predict latency, µs (median / p99); %s, scikit-learn %s, numpy %s, Python %s; %d CPUs\n\n",
		runtime.Version(), e.Sklearn, e.Numpy, e.Python, runtime.NumCPU())
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "model\tclass\tsklearn p50\tp99\tslipway p50\tp99\tspeed-up\t\t")
	for _, r := range results {
		verdict := "ok"
		if r.Speedup() < target {
			verdict = fmt.Sprintf("BELOW %g×", target)
		}
		fmt.Fprintf(tw, "%s\t%s\t%.1f\t%.1f\t%.2f\t%.2f\t%.0f×\t%s\t\n",
			r.Model, r.Class, r.Sklearn.P50, r.Sklearn.P99, r.Slipway.P50, r.Slipway.P99, r.Speedup(), verdict)
	}
	return tw.Flush()
}

func writeJSON(w io.Writer, e env, results []result) error {
	type row struct {
		result
		Speedup float64 `json:"speedup_p50"`
	}
	out := struct {
		Go     string `json:"go"`
		CPUs   int    `json:"cpus"`
		Python env    `json:"python"`
		Models []row  `json:"models"`
	}{Go: runtime.Version(), CPUs: runtime.NumCPU(), Python: e}
	for _, r := range results {
		out.Models = append(out.Models, row{r, r.Speedup()})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", " ")
	return enc.Encode(out)
}
