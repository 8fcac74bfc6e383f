package onnx

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"google.golang.org/protobuf/proto"

	"github.com/slipwayml/slipway/format/onnx/onnxpb"
	"github.com/slipwayml/slipway/format/onnx/ops"
	"github.com/slipwayml/slipway/tensor"
)

var (
	update = flag.Bool("update", false, "rewrite testdata/conformance_passing.txt with the tests that pass")
	slow   = flag.Bool("onnx.slow", false, "also run the conformance models too slow for the default run")
)

// slowCases take more than the default run's budget with the present
// straightforward kernels (VGG-19 is 20 GFLOP).
var slowCases = map[string]bool{"onnx-backend/light/light_vgg19": true}

const passingFile = "testdata/conformance_passing.txt"

// confCase is one conformance check.
type confCase struct {
	name string
	run  func() outcome
}

// backendCase is one ONNX backend test: a model and its test data set.
type backendCase struct {
	name  string // e.g. onnx-node/test_abs
	model string
	data  string // the test_data_set_0 folder; for "light" models, the output file
	light bool
}

// outcome is a case's result: skip holds the reason a case could not run
// (an unimplemented operator or type), fail what went wrong.
type outcome struct {
	skip, fail string
	ops        []string // the operators of a model that loaded
}

func backendCases(t *testing.T, corpus string) []confCase {
	var cases []backendCase
	for _, suite := range []string{"onnx-node", "onnx-node-extra", "onnx-backend/simple", "onnx-backend/pytorch-converted", "onnx-backend/pytorch-operator"} {
		dirs, err := os.ReadDir(filepath.Join(corpus, suite))
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range dirs {
			dir := filepath.Join(corpus, suite, d.Name())
			cases = append(cases, backendCase{name: suite + "/" + d.Name(), model: filepath.Join(dir, "model.onnx"), data: filepath.Join(dir, "test_data_set_0")})
		}
	}
	light, _ := filepath.Glob(filepath.Join(corpus, "onnx-backend/light/*.onnx"))
	for _, m := range light {
		base := strings.TrimSuffix(filepath.Base(m), ".onnx")
		cases = append(cases, backendCase{name: "onnx-backend/light/" + base, model: m, data: strings.TrimSuffix(m, ".onnx") + "_output_0.pb", light: true})
	}
	out := make([]confCase, len(cases))
	for i, c := range cases {
		out[i] = confCase{name: c.name, run: func() outcome {
			if slowCases[c.name] && !*slow {
				return outcome{skip: "slow model (run with -onnx.slow)"}
			}
			return runBackendCase(c)
		}}
	}
	return out
}

// safeRun reports a panic as a failure: loading and running must never
// panic.
func safeRun(run func() outcome) (o outcome) {
	defer func() {
		if r := recover(); r != nil {
			o = outcome{fail: fmt.Sprintf("panic: %v", r)}
		}
	}()
	return run()
}

func runBackendCase(c backendCase) (o outcome) {
	m, err := Load(c.model)
	if err != nil {
		if reason := skipReason(err); reason != "" {
			return outcome{skip: reason}
		}
		return outcome{fail: "load: " + err.Error()}
	}
	o.ops = modelOps(c.model)
	feeds, err := caseInputs(c, m.g)
	if err != nil {
		if reason := skipReason(err); reason != "" {
			return outcome{skip: reason}
		}
		return outcome{fail: "inputs: " + err.Error()}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	got, err := m.g.run(ctx, feeds)
	if errors.Is(err, ErrUnsupported) {
		return outcome{skip: unsupportedReason(err)}
	}
	if err != nil {
		o.fail = "run: " + err.Error()
		return o
	}
	possible, drawn := drawnTests[c.name]
	if random := slices.ContainsFunc(o.ops, func(op string) bool { return ops.Random("", op) }); random != drawn {
		o.fail = fmt.Sprintf("the model draws random numbers: %v, but it is listed in drawnTests: %v", random, drawn)
		return o
	}
	for i, p := range m.g.outputs {
		path := c.data
		if !c.light {
			path = filepath.Join(c.data, fmt.Sprintf("output_%d.pb", i))
		}
		want, err := readValue(path, p.typ)
		if err != nil {
			o.fail = fmt.Sprintf("output %d: %v", i, err)
			return o
		}
		var d string
		if drawn {
			d = compareDrawn(got[i], want, possible)
		} else {
			d = compareValues(got[i], want, 1e-3, 1e-7)
		}
		if d != "" {
			o.fail = fmt.Sprintf("output %q: %s", m.g.names[p.id], d)
			return o
		}
	}
	return o
}

// drawnTests lists the backend tests whose outputs are random draws, with
// the values a draw may take. ONNX recorded one implementation's draws, so
// only their dtype, shape and possible values are compared.
var drawnTests = map[string]func(float64) bool{
	"onnx-node/test_bernoulli":                 zeroOrOne,
	"onnx-node/test_bernoulli_double":          zeroOrOne,
	"onnx-node/test_bernoulli_double_expanded": zeroOrOne,
	"onnx-node/test_bernoulli_expanded":        zeroOrOne,
	"onnx-node/test_bernoulli_seed":            zeroOrOne,
	"onnx-node/test_bernoulli_seed_expanded":   zeroOrOne,
}

func zeroOrOne(x float64) bool { return x == 0 || x == 1 }

// compareDrawn reports how a tensor of draws differs from a reference
// tensor of draws in dtype or shape, or which of its values no draw can
// take.
func compareDrawn(got, want ops.Value, possible func(float64) bool) string {
	g, gok := got.(*tensor.Tensor)
	w, wok := want.(*tensor.Tensor)
	if !gok || !wok {
		return fmt.Sprintf("got %T, want %T; draws are tensors", got, want)
	}
	if g.DType() != w.DType() || !slices.Equal(g.Shape(), w.Shape()) {
		return fmt.Sprintf("%v %v, want %v %v", g.DType(), g.Shape(), w.DType(), w.Shape())
	}
	v, err := g.Float64s()
	if err != nil {
		return err.Error()
	}
	for i, x := range v {
		if !possible(x) {
			return fmt.Sprintf("element %d: %v is not a possible draw", i, x)
		}
	}
	return ""
}

// caseInputs reads input_<i>.pb for each graph input; a "light" model gets
// arange(n)/n shaped like its input, with dynamic dimensions 1.
func caseInputs(c backendCase, g *graph) ([]ops.Value, error) {
	feeds := make([]ops.Value, len(g.inputs))
	for i, p := range g.inputs {
		if !c.light {
			v, err := readValue(filepath.Join(c.data, fmt.Sprintf("input_%d.pb", i)), p.typ)
			if err != nil {
				return nil, err
			}
			feeds[i] = v
			continue
		}
		shape := slices.Clone(p.typ.shape)
		for j, d := range shape {
			if d < 0 {
				shape[j] = 1
			}
		}
		n, err := tensor.NumElements(shape)
		if err != nil {
			return nil, err
		}
		x := make([]float32, n)
		for j := range x {
			x[j] = float32(j) / float32(n)
		}
		if feeds[i], err = tensor.New(shape, x); err != nil {
			return nil, err
		}
	}
	return feeds, nil
}

// skipReason names what a load error says is not implemented, or "" for
// a real failure.
func skipReason(err error) string {
	ne := innermost(err)
	var te *ops.UnsupportedTypeError
	switch {
	case errors.Is(err, ops.ErrUnknownOp) && ne != nil:
		return "operator " + ne.Op + " not implemented"
	case errors.Is(err, ops.ErrOpset) && ne != nil:
		return "operator " + ne.Op + " at this opset not implemented"
	case errors.As(err, &te):
		return te.Error()
	case errors.Is(err, ErrUnsupported):
		return unsupportedReason(err)
	}
	return ""
}

// unsupportedReason names the operator of an ErrUnsupported error, without
// the node name, so that tests group by cause.
func unsupportedReason(err error) string {
	if ne := innermost(err); ne != nil {
		return ne.Op + ": " + ne.Err.Error()
	}
	return err.Error()
}

// innermost returns the deepest *NodeError in err's chain: the node inside
// a subgraph rather than the If or Loop holding it.
func innermost(err error) *NodeError {
	var found *NodeError
	for ne := (*NodeError)(nil); errors.As(err, &ne); err = ne.Err {
		found = ne
	}
	return found
}

// modelOps lists the domain::type of every node in a model file, subgraphs
// included.
func modelOps(path string) []string {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil
	}
	var mp onnxpb.ModelProto
	if proto.Unmarshal(data, &mp) != nil {
		return nil
	}
	return graphOps(mp.GetGraph())
}

// graphOps lists the operators of a graph and its subgraphs.
func graphOps(g *onnxpb.GraphProto) []string {
	var names []string
	for _, n := range g.GetNode() {
		names = append(names, ops.Qualified(ops.Domain(n.GetDomain()), n.GetOpType()))
		for _, a := range n.GetAttribute() {
			if a.GetG() != nil {
				names = append(names, graphOps(a.GetG())...)
			}
		}
	}
	return names
}

func TestConformance(t *testing.T) {
	corpus := os.Getenv("SLIPWAY_CORPUS")
	if corpus == "" {
		t.Skip("SLIPWAY_CORPUS is not set")
	}
	cases := append(append(backendCases(t, corpus), realModelCases(t, corpus)...), ownCases(t)...)
	for _, rc := range randomCases() {
		cases = append(cases, rc.confCase())
	}
	results := make([]outcome, len(cases))
	var wg sync.WaitGroup
	next := make(chan int)
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				results[i] = safeRun(cases[i].run)
			}
		}()
	}
	for i := range cases {
		next <- i
	}
	close(next)
	wg.Wait()

	var passed, failed []string
	skipped := map[string]int{}
	exercised := map[string]bool{}
	for i, r := range results {
		switch {
		case r.skip != "":
			skipped[r.skip]++
		case r.fail != "":
			failed = append(failed, cases[i].name+": "+r.fail)
		default:
			passed = append(passed, cases[i].name)
			for _, op := range r.ops {
				exercised[op] = true
			}
		}
	}
	fmt.Printf("onnx backend: %d passed, %d failed, %d skipped\n", len(passed), len(failed), len(cases)-len(passed)-len(failed))
	for _, reason := range slices.Sorted(maps.Keys(skipped)) {
		t.Logf("skipped %4d: %s", skipped[reason], reason)
	}
	for _, f := range failed {
		t.Logf("FAIL %s", f)
	}
	for _, op := range ops.Table() {
		if name := ops.Qualified(op.Domain, op.Type); !exercised[name] {
			t.Errorf("operator %s is in the table but no passing conformance test runs it", name)
		}
	}
	checkRatchet(t, passed)
}

// checkRatchet fails on a test that passed before and no longer does.
func checkRatchet(t *testing.T, passed []string) {
	sort.Strings(passed)
	if *update {
		if err := os.WriteFile(passingFile, []byte(strings.Join(passed, "\n")+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	f, err := os.Open(passingFile)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	now := map[string]bool{}
	for _, p := range passed {
		now[p] = true
	}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if name := strings.TrimSpace(sc.Text()); name != "" && !now[name] {
			t.Errorf("regression: %s passed before and does not now", name)
		}
	}
}
