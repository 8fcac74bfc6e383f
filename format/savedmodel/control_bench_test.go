package savedmodel

import (
	"context"
	"testing"

	"github.com/slipwayml/slipway/format/savedmodel/tfpb"
)

// BenchmarkTF1While runs the TF1 loop summing 1..1000 (17 nodes an
// iteration) through the frame executor.
func BenchmarkTF1While(b *testing.B) {
	g, err := newGraph("", tf1Graphs()["sum"], nil)
	if err != nil {
		b.Fatal(err)
	}
	benchRun(b, &session{}, g, 1000, "out")
}

// BenchmarkWhile runs a TF2 While loop counting from 0 to 1000: the cost
// of an iteration of two function calls.
func BenchmarkWhile(b *testing.B) {
	g, err := newGraph("", []*tfpb.NodeDef{
		placeholder("x", tfpb.DataType_DT_FLOAT),
		nodeDef("loop", "StatelessWhile", map[string]*tfpb.AttrValue{"cond": fattr("below"), "body": fattr("increment")}, "x"),
	}, nil)
	if err != nil {
		b.Fatal(err)
	}
	lib, err := newLibrary(&tfpb.FunctionDefLibrary{Function: []*tfpb.FunctionDef{
		function("increment", []string{"v"}, []string{"sum:z:0"}, constF("one", 1), nodeDef("sum", "AddV2", nil, "v", "one:output:0")),
		function("below", []string{"v"}, []string{"less:z:0"}, constF("n", 1000), nodeDef("less", "Less", nil, "v", "n:output:0")),
	}})
	if err != nil {
		b.Fatal(err)
	}
	benchRun(b, &session{lib: lib}, g, 0, "loop")
}

// benchRun times s running g from the scalar x fed to node "x" to the
// output of node out.
func benchRun(b *testing.B, s *session, g *graph, x float32, out string) {
	b.Helper()
	feeds := map[endpoint]value{{node: g.byName["x"]}: tensorValue(mustT([]int{}, x))}
	fetches := []endpoint{{node: g.byName[out]}}
	if err := s.check(g, feeds, fetches, nil, map[*graph]bool{}); err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := s.run(ctx, g, feeds, fetches, nil, 0); err != nil {
			b.Fatal(err)
		}
	}
}
