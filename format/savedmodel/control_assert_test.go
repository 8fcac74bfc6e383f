package savedmodel

import (
	"context"
	"strings"
	"testing"

	"github.com/slipwayml/slipway/format/savedmodel/tfpb"
)

// TestAssert runs an output guarded, as TF1 does, by a control edge from
// an Assert with a message and the checked values.
func TestAssert(t *testing.T) {
	msg := constTensor("msg", &tfpb.TensorProto{Dtype: tfpb.DataType_DT_STRING, TensorShape: shapeProto(), StringVal: [][]byte{[]byte("x must be positive")}})
	defs := []*tfpb.NodeDef{
		placeholder("ok", tfpb.DataType_DT_BOOL), placeholder("x", tfpb.DataType_DT_FLOAT), msg,
		nodeDef("assert", "Assert", map[string]*tfpb.AttrValue{"summarize": iattr(2)}, "ok", "msg", "x"),
		nodeDef("out", "Identity", nil, "x", "^assert"),
	}
	for _, c := range []struct {
		ok   bool
		want string // the error; "" for none
	}{
		{true, ""},
		{false, "assertion failed: [x must be positive] [-1 2...]"},
	} {
		g, err := newGraph("", defs, nil)
		if err != nil {
			t.Fatal(err)
		}
		feeds := map[endpoint]value{
			{node: g.byName["ok"]}: tensorValue(mustT([]int{}, c.ok)),
			{node: g.byName["x"]}:  tensorValue(mustT([]int{3}, float32(-1), 2, 3)),
		}
		s, fetches := &session{}, []endpoint{{node: g.byName["out"]}}
		if err := s.check(g, feeds, fetches, nil, map[*graph]bool{}); err != nil {
			t.Fatal(err)
		}
		_, err = s.run(context.Background(), g, feeds, fetches, nil, 0)
		if c.want == "" && err != nil || c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)) {
			t.Errorf("ok = %v: error %v, want %q", c.ok, err, c.want)
		}
	}
}
