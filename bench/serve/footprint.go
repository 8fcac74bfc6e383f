package main

import (
	"context"
	"fmt"
	"os"
	"slices"
	"time"

	"github.com/slipwayml/slipway/bench/internal/cases"
)

// footprint is a server's start-up time and memory serving bench_lr30.
type footprint struct {
	Server string `json:"server"`
	// ColdStartMS is the median time from starting the process to the
	// first 200 from its health path.
	ColdStartMS float64 `json:"cold_start_ms"`
	// RSSKiB is the resident memory of the process and its children after
	// warmRequests predictions.
	RSSKiB int64 `json:"rss_kib"`
}

// warmRequests are sent before memory is read, so that lazily built state
// and worker imports are counted.
const warmRequests = 100

// measureFootprints measures slipway, the ceiling and gunicorn+Flask
// serving lr, one after the other.
func measureFootprints(ctx context.Context, sv specs, dir string, lr cases.Model, runs int) ([]footprint, error) {
	body, err := writeBody(dir, lr, plainBody)
	if err != nil {
		return nil, err
	}
	var feet []footprint
	for _, s := range []struct {
		spec serverSpec
		path string
	}{
		{sv.slipway(lr), "/models/" + lr.Name + "/predict"},
		{sv.ceiling(), "/predict"},
		{sv.flask(lr), "/predict"},
	} {
		f, err := measureFootprint(ctx, s.spec, dir, s.path, body, runs)
		if err != nil {
			return nil, err
		}
		feet = append(feet, f)
	}
	return feet, nil
}

// measureFootprint starts spec runs times on an otherwise idle machine,
// posting the body in bodyFile to path before reading its memory.
func measureFootprint(ctx context.Context, spec serverSpec, dir, path, bodyFile string, runs int) (footprint, error) {
	body, err := os.ReadFile(bodyFile)
	if err != nil {
		return footprint{}, err
	}
	f := footprint{Server: spec.name}
	var starts []time.Duration
	for range runs {
		s, err := start(ctx, spec, dir)
		if err != nil {
			return f, err
		}
		starts = append(starts, s.coldStart)
		for range warmRequests {
			if _, err = post(ctx, s.url(path), body); err != nil {
				break
			}
		}
		if err == nil {
			f.RSSKiB, err = rss(s.cmd.Process.Pid)
		}
		s.stop()
		if err != nil {
			return f, fmt.Errorf("%s: %w", spec.name, err)
		}
	}
	slices.Sort(starts)
	f.ColdStartMS = float64(starts[len(starts)/2]) / float64(time.Millisecond)
	return f, nil
}
