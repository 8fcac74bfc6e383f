// Command onnxrt times ONNX models in Slipway and in ONNX Runtime 1.30
// (CPU, through onnxruntime-node), one thread each, on the same files and
// inputs, checks that both compute the same outputs, and prints the ratio
// of their median call times.
//
// Run it from the repository root:
//
//	go run ./bench/onnxrt [-seconds 0.5] [-rounds 3] [-batch 1] [-feeds 16] [-models a,b] [-json]
//
// Missing bench-size models are generated with gen_models.py, a missing
// onnxruntime-node is installed with npm. It exits with status 1 when a
// model misses its target: classic ML faster than ONNX Runtime, neural
// nets within 3×.
package main

import (
	"context"
	"flag"
	"log"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"
)

func main() {
	log.SetFlags(0)
	log.SetPrefix("bench/onnxrt: ")
	var (
		root    = flag.String("root", ".", "repository root")
		names   = flag.String("models", "", "comma-separated models (default: all)")
		batches = flag.String("batch", "1", "comma-separated batch sizes")
		seconds = flag.Float64("seconds", 0.5, "time per model, side and round")
		rounds  = flag.Int("rounds", 3, "interleaved rounds; each figure is the median over them")
		feeds   = flag.Int("feeds", 16, "distinct random inputs the calls cycle through")
		warmup  = flag.Int("warmup", 50, "calls before each timing")
		python  = flag.String("python", "/usr/bin/python3", "Python with torch, onnx and scikit-learn, for gen_models.py")
		node    = flag.String("node", "node", "Node.js")
		npm     = flag.String("npm", "npm", "npm, to install onnxruntime-node when it is missing")
		asJSON  = flag.Bool("json", false, "print JSON instead of a table")
	)
	flag.Parse()
	// One thread, like ONNX Runtime's intraOpNumThreads=1.
	runtime.GOMAXPROCS(1)

	specs, err := selectSpecs(specs(), *names)
	if err != nil {
		log.Fatal(err)
	}
	var sizes []int
	for _, s := range strings.Split(*batches, ",") {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			log.Fatalf("bad batch size %q", s)
		}
		sizes = append(sizes, n)
	}
	if err := generate(*root, *python, specs); err != nil {
		log.Fatal(err)
	}
	ort, err := startORT(*node, *npm, filepath.Join(*root, "bench", "onnxrt"))
	if err != nil {
		log.Fatal(err)
	}
	defer ort.close()

	ctx := context.Background()
	var jobs []*job
	for _, s := range specs {
		for _, b := range sizes {
			j, err := newJob(ctx, *root, s, b, *feeds)
			if err != nil {
				log.Fatalf("%s: %v", s.name, err)
			}
			jobs = append(jobs, j)
		}
	}
	budget := time.Duration(*seconds * float64(time.Second))
	times := make([][]sides, len(jobs))
	var version string
	// Every model on both sides before the next round, so that machine
	// noise hits all of them alike.
	for r := range *rounds {
		for i, j := range jobs {
			s, v, err := j.round(ctx, ort, budget, *warmup, r == 0)
			if err != nil {
				log.Fatalf("%s, batch %d: %v", j.name, j.batch, err)
			}
			times[i], version = append(times[i], s), v
		}
	}
	results := make([]result, len(jobs))
	ok := true
	for i, j := range jobs {
		results[i] = newResult(j, times[i])
		ok = ok && results[i].OK
	}
	subtractFloor(results)
	if *asJSON {
		err = writeJSON(os.Stdout, version, *rounds, results)
	} else {
		err = writeTable(os.Stdout, version, *rounds, results)
	}
	if err != nil {
		log.Fatal(err)
	}
	if !ok {
		ort.close()
		os.Exit(1)
	}
}
