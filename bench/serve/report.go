package main

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"text/tabwriter"
)

// report is everything one run measured.
type report struct {
	Go         string       `json:"go"`
	CPUs       int          `json:"cpus"`
	Duration   string       `json:"run_duration"`
	Rounds     int          `json:"rounds"`
	Footprints []footprint  `json:"footprints"`
	Loads      []loadResult `json:"loads"`
	Checks     []check      `json:"checks"`
}

// check is one acceptance criterion and how the run fared.
type check struct {
	Name   string  `json:"name"`
	Value  float64 `json:"value"`
	Target string  `json:"target"`
	OK     bool    `json:"ok"`
}

func (r *report) load(target string, conns int) (loadResult, bool) {
	i := slices.IndexFunc(r.Loads, func(l loadResult) bool { return l.Target == target && l.Conns == conns })
	if i < 0 {
		return loadResult{}, false
	}
	return r.Loads[i], true
}

// ratio divides a measure of target a by the same measure of target b at
// conns connections.
func (r *report) ratio(a, b string, conns int, measure func(loadResult) float64) (float64, bool) {
	la, okA := r.load(a, conns)
	lb, okB := r.load(b, conns)
	if !okA || !okB || measure(lb) == 0 {
		return 0, false
	}
	return measure(la) / measure(lb), true
}

func rps(l loadResult) float64 { return l.RPS }
func p99(l loadResult) float64 { return l.P99US }

// check fills in r.Checks: the serving acceptance criteria that the
// connection counts run allow, and that no request failed.
func (r *report) check(conns []int) {
	criteria := []struct {
		name    string
		a, b    string
		conns   int
		measure func(loadResult) float64
		limit   float64
		atMost  bool
	}{
		{"LR req/s vs ceiling, 64 conns", slipwayLR, ceilingLR, 64, rps, 0.7, false},
		{"RF req/s vs gunicorn+flask, 64 conns", slipwayRF, flaskRF, 64, rps, 50, false},
		{"LR p99 vs ceiling, 16 conns", slipwayLR, ceilingLR, 16, p99, 1.5, true},
	}
	for _, c := range criteria {
		if !slices.Contains(conns, c.conns) {
			continue
		}
		v, _ := r.ratio(c.a, c.b, c.conns, c.measure)
		ch := check{Name: c.name, Value: v, Target: fmt.Sprintf("≥ %g×", c.limit), OK: v >= c.limit}
		if c.atMost {
			ch.Target, ch.OK = fmt.Sprintf("≤ %g×", c.limit), v > 0 && v <= c.limit
		}
		r.Checks = append(r.Checks, ch)
	}
	var failed int64
	for _, l := range r.Loads {
		failed += l.Errors
	}
	r.Checks = append(r.Checks, check{Name: "failed requests", Value: float64(failed), Target: "0", OK: failed == 0})
}

func (r *report) ok() bool {
	return !slices.ContainsFunc(r.Checks, func(c check) bool { return !c.OK })
}

func (r *report) writeJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", " ")
	return enc.Encode(r)
}

func (r *report) writeText(w io.Writer) error {
	fmt.Fprintf(w, "single-row requests; medians of %d round(s) of %s runs; %s, %d CPUs (wrk shares them)\n\n",
		r.Rounds, r.Duration, r.Go, r.CPUs)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "target\tconns\treq/s\tp50 µs\tp99 µs\terrors\t")
	for _, l := range r.Loads {
		fmt.Fprintf(tw, "%s\t%d\t%.0f\t%.0f\t%.0f\t%d\t\n", l.Target, l.Conns, l.RPS, l.P50US, l.P99US, l.Errors)
	}
	fmt.Fprintln(tw)
	fmt.Fprintln(tw, "ratio\tconns\tvalue\t")
	for _, q := range []struct {
		name    string
		a, b    string
		measure func(loadResult) float64
	}{
		{"LR req/s, slipway / ceiling", slipwayLR, ceilingLR, rps},
		{"LR p99, slipway / ceiling", slipwayLR, ceilingLR, p99},
		{"LR req/s, slipway / gunicorn+flask", slipwayLR, flaskLR, rps},
		{"RF req/s, slipway / gunicorn+flask", slipwayRF, flaskRF, rps},
	} {
		for _, l := range r.Loads {
			if l.Target != q.a {
				continue
			}
			if v, ok := r.ratio(q.a, q.b, l.Conns, q.measure); ok {
				fmt.Fprintf(tw, "%s\t%d\t%.2f×\t\n", q.name, l.Conns, v)
			}
		}
	}
	fmt.Fprintln(tw)
	fmt.Fprintln(tw, "serving bench_lr30\tcold start ms\tRSS MiB\t")
	for _, f := range r.Footprints {
		fmt.Fprintf(tw, "%s\t%.0f\t%.1f\t\n", f.Server, f.ColdStartMS, float64(f.RSSKiB)/1024)
	}
	fmt.Fprintln(tw)
	fmt.Fprintln(tw, "acceptance\tvalue\ttarget\t\t")
	for _, c := range r.Checks {
		verdict := "ok"
		if !c.OK {
			verdict = "MISS"
		}
		fmt.Fprintf(tw, "%s\t%.2f\t%s\t%s\t\n", c.Name, c.Value, c.Target, verdict)
	}
	return tw.Flush()
}
