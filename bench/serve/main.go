// Command serve measures Slipway's HTTP serving against two references: a
// bare Go net/http handler that only decodes the JSON body (the ceiling, in
// ceiling/) and the tutorial Flask app under gunicorn (flask_app.py). It
// reports requests per second and latency at 1, 16 and 64 connections, the
// ratios the acceptance criteria name, and cold start and resident memory.
//
// Run it from the repository root (needs wrk, gunicorn and python3-flask):
//
//	go run ./bench/serve [-quick]
//
// It exits with status 1 when a ratio misses its target or a request fails.
package main

import (
	"context"
	"flag"
	"log"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// config is what the flags set.
type config struct {
	root     string
	slipway  string // prebuilt binary; empty builds ./cmd/slipway
	python   string
	duration time.Duration // per wrk run
	rounds   int           // sweeps over all targets and connection counts
	warmup   time.Duration // per target, before the measured runs
	conns    []int
	coldRuns int // starts per server to time cold start
	json     bool
}

func main() {
	log.SetFlags(0)
	log.SetPrefix("bench/serve: ")
	cfg := config{}
	quick := flag.Bool("quick", false, "short runs (about 30 s in all)")
	conns := flag.String("conns", "1,16,64", "comma-separated connection counts")
	flag.StringVar(&cfg.root, "root", ".", "repository root")
	flag.StringVar(&cfg.slipway, "slipway", "", "slipway binary to run (default: build ./cmd/slipway)")
	flag.StringVar(&cfg.python, "python", "/usr/bin/python3", "Python with scikit-learn, Flask and gunicorn")
	flag.DurationVar(&cfg.duration, "d", 2*time.Second, "duration of each measured run (whole seconds)")
	flag.IntVar(&cfg.rounds, "rounds", 3, "sweeps over all targets; figures are the medians")
	flag.BoolVar(&cfg.json, "json", false, "print JSON instead of tables")
	flag.Parse()

	cfg.warmup, cfg.coldRuns = 2*time.Second, 3
	if *quick {
		cfg.duration, cfg.warmup, cfg.coldRuns, cfg.rounds = time.Second, time.Second, 1, 1
	}
	if cfg.rounds < 1 {
		log.Fatalf("-rounds %d: need at least 1", cfg.rounds)
	}
	if cfg.duration < time.Second || cfg.duration%time.Second != 0 {
		log.Fatalf("-d %v: wrk needs whole seconds", cfg.duration)
	}
	for _, c := range strings.Split(*conns, ",") {
		n, err := strconv.Atoi(c)
		if err != nil || n < 1 {
			log.Fatalf("-conns: bad connection count %q", c)
		}
		cfg.conns = append(cfg.conns, n)
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	ok, err := run(ctx, cfg)
	if err != nil {
		log.Fatal(err)
	}
	if !ok {
		os.Exit(1)
	}
}
