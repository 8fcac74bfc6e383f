package savedmodel

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/slipwayml/slipway/format/savedmodel/tfpb"
	"github.com/slipwayml/slipway/model"
	"github.com/slipwayml/slipway/tensor"
)

func TestCorpusAssetModule(t *testing.T) {
	m, err := Load(context.Background(), filepath.Join(corpus(t), "tf__cc_AssetModule"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	out, err := m.Predict(context.Background(), model.Tensors{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if s, _ := tensor.Values[string](out["output_0"]); len(s) != 1 || !strings.Contains(s[0], "TEST ASSET FILE CONTENTS") {
		t.Errorf("read_file() = %q, want the asset's contents (saved_model_api_test.cc)", s)
	}
}

func TestCorpusStaticHashTable(t *testing.T) {
	m, err := Load(context.Background(), filepath.Join(corpus(t), "tf__cc_StaticHashTableModule"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	words := mustT([]int{5}, "foo", "bar", "baz", "wombat", "other")
	out, err := m.Predict(context.Background(), model.Tensors{"word": words}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := tensor.Values[int64](out["output_0"]); !slices.Equal(got, []int64{0, 1, 2, 3, -1}) {
		t.Errorf("lookup = %v, want [0 1 2 3 -1] (saved_model_api_test.cc)", out["output_0"].Data())
	}
}

// TestReadAssetConfined checks that ops read only the model's assets.
func TestReadAssetConfined(t *testing.T) {
	s := &session{dir: t.TempDir()}
	for _, name := range []string{"/etc/passwd", filepath.Join(s.dir, "assets", "..", "saved_model.pb"), filepath.Join(s.dir, "assetsx", "f")} {
		if _, err := s.readAsset(name); err == nil || !strings.Contains(err.Error(), "outside the model's assets") {
			t.Errorf("readAsset(%s) error = %v, want outside the model's assets", name, err)
		}
	}
}

// TestTableOps imports keys into a table, looks them up and counts them.
func TestTableOps(t *testing.T) {
	types := map[string]*tfpb.AttrValue{"key_dtype": tattr(tfpb.DataType_DT_STRING), "value_dtype": tattr(tfpb.DataType_DT_INT64)}
	g, err := newGraph("", []*tfpb.NodeDef{
		nodeDef("keys", "Placeholder", nil), nodeDef("vals", "Placeholder", nil),
		nodeDef("q", "Placeholder", nil), nodeDef("def", "Placeholder", nil),
		nodeDef("t", "HashTableV2", types),
		nodeDef("imp", "LookupTableImportV2", nil, "t", "keys", "vals"),
		nodeDef("find", "LookupTableFindV2", nil, "t", "q", "def", "^imp"),
		nodeDef("size", "LookupTableSizeV2", nil, "t", "^imp"),
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	feeds := map[endpoint]value{}
	for i, v := range []*tensor.Tensor{mustT([]int{2}, "a", "b"), mustT([]int{2}, int64(7), 9), mustT([]int{3}, "b", "z", "a"), mustT([]int{}, int64(-1))} {
		feeds[endpoint{node: g.nodes[i]}] = tensorValue(v)
	}
	fetches := []endpoint{{node: g.byName["find"]}, {node: g.byName["size"]}}
	s := &session{}
	vals, err := s.checkRun(context.Background(), g, feeds, fetches, nil)
	if err != nil {
		t.Fatal(err)
	}
	found, _ := tensor.Values[int64](vals[0].t)
	size, _ := tensor.Values[int64](vals[1].t)
	if !slices.Equal(found, []int64{9, -1, 7}) || !slices.Equal(size, []int64{2}) {
		t.Errorf("find = %v, size = %v; want [9 -1 7] and [2]", found, size)
	}
}
