// Command predict compares Slipway's single-row predict latency with
// scikit-learn's on the benchmark models, in one run on one machine.
//
// Run it from the repository root:
//
//	go run ./bench/predict [-seconds 2] [-models bench_lr30,bench_rf100,bench_svc]
//
// It exits with status 1 when a model's median speed-up is below -target.
package main

import (
	"flag"
	"log"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/slipwayml/slipway/bench/internal/cases"
)

func main() {
	log.SetFlags(0)
	log.SetPrefix("bench/predict: ")
	var (
		root    = flag.String("root", ".", "repository root (holds testdata/ and scripts/)")
		names   = flag.String("models", strings.Join(cases.Names(), ","), "comma-separated benchmark models")
		seconds = flag.Float64("seconds", 2, "time budget per model and side")
		python  = flag.String("python", "/usr/bin/python3", "Python with scikit-learn")
		target  = flag.Float64("target", 20, "minimum median speed-up over scikit-learn")
		asJSON  = flag.Bool("json", false, "print JSON instead of a table")
	)
	flag.Parse()

	var models []cases.Model
	for _, name := range strings.Split(*names, ",") {
		m, err := cases.Lookup(*root, name)
		if err != nil {
			log.Fatal(err)
		}
		if _, err := os.Stat(m.Path); err != nil {
			log.Printf("skipping %s: %v", name, err)
			continue
		}
		models = append(models, m)
	}
	if len(models) == 0 {
		log.Fatal("no benchmark model found; run scripts/gen_sklearn.py bench tree")
	}
	budget := time.Duration(*seconds * float64(time.Second))

	ref, err := runSklearn(*python, filepath.Join(*root, "scripts", "bench_sklearn.py"), budget, models)
	if err != nil {
		log.Fatal(err)
	}
	var results []result
	for _, m := range models {
		py, ok := ref.byModel(m.Name)
		if !ok {
			log.Fatalf("%s: missing from scikit-learn's results", m.Name)
		}
		lat, err := measure(m, budget)
		if err != nil {
			log.Fatalf("%s: %v", m.Name, err)
		}
		results = append(results, result{Model: m.Name, Class: py.Class, Sklearn: py.latency, Slipway: lat})
	}

	if *asJSON {
		err = writeJSON(os.Stdout, ref.env, results)
	} else {
		err = writeTable(os.Stdout, ref.env, results, *target)
	}
	if err != nil {
		log.Fatal(err)
	}
	for _, r := range results {
		if r.Speedup() < *target {
			os.Exit(1)
		}
	}
}
