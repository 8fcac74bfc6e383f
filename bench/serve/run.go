package main

import (
	"context"
	"fmt"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"

	"github.com/slipwayml/slipway/bench/internal/cases"
)

// run starts the servers, measures them and prints the report. It reports
// whether every acceptance check passed.
func run(ctx context.Context, cfg config) (ok bool, err error) {
	if _, err := exec.LookPath("wrk"); err != nil {
		return false, fmt.Errorf("%w (apt-get install wrk)", err)
	}
	root, err := filepath.Abs(cfg.root)
	if err != nil {
		return false, err
	}
	tmp, err := os.MkdirTemp("", "slipway-bench-")
	if err != nil {
		return false, err
	}
	// Server logs stay behind when something fails.
	defer func() {
		if err == nil {
			os.RemoveAll(tmp)
		}
	}()
	var lr, rf cases.Model
	if lr, err = cases.Lookup(root, "bench_lr30"); err != nil {
		return false, err
	}
	if rf, err = cases.Lookup(root, "bench_rf100"); err != nil {
		return false, err
	}
	for _, m := range []cases.Model{lr, rf} {
		if _, err = os.Stat(m.Path); err != nil {
			return false, fmt.Errorf("benchmark model missing (run scripts/gen_sklearn.py bench tree): %w", err)
		}
	}
	bin, err := build(ctx, cfg, root, tmp)
	if err != nil {
		return false, err
	}
	sv := specs{bin: bin, python: cfg.python, root: root}

	log.Printf("cold start and memory, %d start(s) each", cfg.coldRuns)
	feet, err := measureFootprints(ctx, sv, tmp, lr, cfg.coldRuns)
	if err != nil {
		return false, err
	}
	targets, stop, err := startTargets(ctx, sv, tmp, lr, rf)
	if err != nil {
		return false, err
	}
	defer stop()
	loads, err := measureLoad(ctx, cfg, tmp, targets)
	if err != nil {
		return false, err
	}
	rep := report{Go: runtime.Version(), CPUs: runtime.NumCPU(), Duration: cfg.duration.String(),
		Rounds:     cfg.rounds,
		Footprints: feet, Loads: loads}
	rep.check(cfg.conns)
	if cfg.json {
		err = rep.writeJSON(os.Stdout)
	} else {
		err = rep.writeText(os.Stdout)
	}
	return rep.ok(), err
}

// binaries are the Go servers under test.
type binaries struct{ slipway, ceiling string }

// build compiles the ceiling and, unless cfg names one, slipway into dir.
func build(ctx context.Context, cfg config, root, dir string) (binaries, error) {
	b := binaries{slipway: cfg.slipway, ceiling: filepath.Join(dir, "ceiling")}
	pkgs := map[string]string{"./bench/serve/ceiling": b.ceiling}
	if b.slipway == "" {
		b.slipway = filepath.Join(dir, "slipway")
		pkgs["./cmd/slipway"] = b.slipway
	}
	for pkg, out := range pkgs {
		cmd := exec.CommandContext(ctx, "go", "build", "-o", out, pkg)
		cmd.Dir = root
		if msg, err := cmd.CombinedOutput(); err != nil {
			return b, fmt.Errorf("go build %s: %w\n%s", pkg, err, msg)
		}
	}
	return b, nil
}
