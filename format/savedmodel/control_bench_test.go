package savedmodel

import (
	"context"
	"testing"
)

// BenchmarkTF1While runs the TF1 loop summing 1..1000 (17 nodes an
// iteration) through the frame executor.
func BenchmarkTF1While(b *testing.B) {
	g, err := newGraph("", tf1Graphs()["sum"], nil)
	if err != nil {
		b.Fatal(err)
	}
	s := &session{}
	feeds := map[endpoint]value{{node: g.byName["x"]}: tensorValue(mustT([]int{}, float32(1000)))}
	fetches := []endpoint{{node: g.byName["out"]}}
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
