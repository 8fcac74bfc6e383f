package main

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"os/exec"
	"strconv"
	"time"
)

//go:embed post.lua
var postLua []byte

// load is one wrk run's outcome.
type load struct {
	Requests   int64   `json:"requests"`
	DurationUS int64   `json:"duration_us"`
	P50US      float64 `json:"p50_us"`
	P99US      float64 `json:"p99_us"`
	// Errors counts failed connections, reads, writes, timeouts and
	// non-2xx/3xx answers.
	Errors int64 `json:"errors"`
}

// RPS is the run's completed requests per second.
func (l load) RPS() float64 { return float64(l.Requests) / (float64(l.DurationUS) / 1e6) }

// wrkRun drives url with POSTs of the body in bodyFile over conns
// connections for d, which wrk takes in whole seconds. script is post.lua
// written to disk.
func wrkRun(ctx context.Context, script, url, bodyFile string, conns, threads int, d time.Duration) (load, error) {
	cmd := exec.CommandContext(ctx, "wrk",
		"-c", strconv.Itoa(conns), "-t", strconv.Itoa(min(conns, threads)),
		"-d", fmt.Sprintf("%ds", int(d.Seconds())), "--timeout", "10s",
		"-s", script, url, "--", bodyFile)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return load{}, fmt.Errorf("wrk %s: %w: %s", url, err, stderr.Bytes())
	}
	return parseWrk(out)
}

// parseWrk finds post.lua's summary line in wrk's output.
func parseWrk(out []byte) (load, error) {
	i := bytes.LastIndex(out, []byte(`{"requests":`))
	if i < 0 {
		return load{}, fmt.Errorf("no summary in wrk output %q", out)
	}
	line, _, _ := bytes.Cut(out[i:], []byte("\n"))
	var l load
	if err := json.Unmarshal(line, &l); err != nil {
		return load{}, fmt.Errorf("wrk summary %q: %w", line, err)
	}
	if l.DurationUS <= 0 {
		return load{}, fmt.Errorf("wrk summary %q: no duration", line)
	}
	return l, nil
}
