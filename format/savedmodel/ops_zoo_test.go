package savedmodel

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"io"
	"math"
	"strings"
	"testing"

	"github.com/slipwayml/slipway/format/savedmodel/tfpb"
	"github.com/slipwayml/slipway/tensor"
)

// TestOpOutputs checks the outputs after the first of multi-output ops.
func TestOpOutputs(t *testing.T) {
	for _, c := range []struct {
		op    string
		attrs map[string]*tfpb.AttrValue
		in    []*tensor.Tensor
		out   int
		want  *tensor.Tensor
	}{
		{op: "TopKV2", in: []*tensor.Tensor{f32s([]int{1, 4}, 1, 3, 3, 2), isc(2)}, out: 1, want: mustT([]int{1, 2}, int32(1), 2)},
		{op: "Unpack", attrs: map[string]*tfpb.AttrValue{"axis": iattr(0)}, in: []*tensor.Tensor{v2x2}, out: 1, want: f32s([]int{2}, 3, 4)},
		{op: "SplitV", in: []*tensor.Tensor{f32s([]int{5}, 1, 2, 3, 4, 5), i32s(2, -1), isc(0)}, out: 1, want: f32s([]int{3}, 3, 4, 5)},
		{op: "ShapeN", in: []*tensor.Tensor{v2x2, row}, out: 1, want: i32s(2)},
		{op: "StringSplitV2", in: []*tensor.Tensor{mustT([]int{2}, "hello world", "a b c"), mustT([]int{}, "")},
			out: 1, want: mustT([]int{5}, "hello", "world", "a", "b", "c")},
		{op: "StringSplitV2", in: []*tensor.Tensor{mustT([]int{2}, "hello world", "a b c"), mustT([]int{}, "")},
			out: 2, want: mustT([]int{2}, int64(2), 3)},
		// tf.strings.split's documentation: with sep "<>", "1<>2<><>3" keeps the empty token.
		{op: "StringSplitV2", in: []*tensor.Tensor{mustT([]int{1}, "1<>2<><>3"), mustT([]int{}, "<>")},
			out: 1, want: mustT([]int{4}, "1", "2", "", "3")},
		// maxsplit as Python's str.split: "  a b  c " split once is "a", "b  c".
		{op: "StringSplitV2", attrs: map[string]*tfpb.AttrValue{"maxsplit": iattr(1)}, in: []*tensor.Tensor{mustT([]int{1}, "  a b  c "), mustT([]int{}, "")},
			out: 1, want: mustT([]int{2}, "a", "b  c")},
		{op: "StringSplitV2", attrs: map[string]*tfpb.AttrValue{"maxsplit": iattr(1)}, in: []*tensor.Tensor{mustT([]int{1}, "a,b,c"), mustT([]int{}, ",")},
			out: 1, want: mustT([]int{2}, "a", "b,c")},
		{op: "UnicodeDecode", attrs: map[string]*tfpb.AttrValue{"input_encoding": sattr("UTF-8")}, in: []*tensor.Tensor{mustT([]int{2}, "G\u00f6\u00f6dnight", "\U0001f60a")},
			out: 1, want: mustT([]int{10}, int32(71), 246, 246, 100, 110, 105, 103, 104, 116, 128522)},
		// An invalid byte is replaced by U+FFFD (errors "replace"), or dropped.
		{op: "UnicodeDecode", attrs: map[string]*tfpb.AttrValue{"input_encoding": sattr("UTF-8")}, in: []*tensor.Tensor{mustT([]int{1}, "a\xffb\uFFFD")},
			out: 1, want: mustT([]int{4}, int32(97), 0xFFFD, 98, 0xFFFD)},
		{op: "UnicodeDecode", attrs: map[string]*tfpb.AttrValue{"input_encoding": sattr("UTF-8"), "errors": sattr("ignore")}, in: []*tensor.Tensor{mustT([]int{1}, "a\xffb")},
			out: 1, want: mustT([]int{2}, int32(97), 98)},
		{op: "Unique", in: []*tensor.Tensor{i32s(1, 1, 2, 4, 4, 4, 7, 8, 8)}, out: 1, want: i32s(0, 0, 1, 2, 2, 2, 3, 4, 4)},
		// Training mode reports the unbiased batch variance: [1, 3] → 2.
		{op: "FusedBatchNormV3", attrs: map[string]*tfpb.AttrValue{"epsilon": floatAttr(0), "is_training": battr(true)},
			in:  []*tensor.Tensor{f32s([]int{2, 1, 1, 1}, 1, 3), f32s([]int{1}, 1), f32s([]int{1}, 0), f32s([]int{0}), f32s([]int{0})},
			out: 2, want: f32s([]int{1}, 2)},
		{op: "FusedBatchNormV3", attrs: map[string]*tfpb.AttrValue{"epsilon": floatAttr(0), "is_training": battr(true), "exponential_avg_factor": floatAttr(0.5)},
			in:  []*tensor.Tensor{f32s([]int{2, 1, 1, 1}, 1, 3), f32s([]int{1}, 1), f32s([]int{1}, 0), f32s([]int{1}, 0), f32s([]int{1}, 0)},
			out: 1, want: f32s([]int{1}, 1)},
	} {
		out, err := runOp(c.op, c.attrs, c.out+1, c.in...)
		if err != nil {
			t.Errorf("%s: %v", c.op, err)
			continue
		}
		if got := out[c.out]; !sameTensor(got, c.want) {
			t.Errorf("%s output %d = %v %v, want %v %v", c.op, c.out, got.Shape(), got.Data(), c.want.Shape(), c.want.Data())
		}
	}
}

// TestOpErrors checks that kernels refuse bad inputs with an error of
// their own, not by panicking.
func TestOpErrors(t *testing.T) {
	nan := f32s([]int{2}, 1, float32(math.NaN()))
	conv := map[string]*tfpb.AttrValue{"strides": lattr(1, 1, 1, 1), "padding": sattr("VALID")}
	for _, c := range []struct {
		name, op string
		attrs    map[string]*tfpb.AttrValue
		in       []*tensor.Tensor
	}{
		{"filter rank", "Conv2D", conv, []*tensor.Tensor{f32s([]int{1, 2, 2, 1}, 1, 2, 3, 4), f32s([]int{2, 2, 1}, 1, 1, 1, 1)}},
		{"filter channels", "Conv2D", conv, []*tensor.Tensor{f32s([]int{1, 1, 1, 3}, 1, 2, 3), f32s([]int{1, 1, 2, 1}, 1, 1)}},
		{"strides", "Conv2D", map[string]*tfpb.AttrValue{"strides": lattr(1, 0, 1, 1), "padding": sattr("VALID")},
			[]*tensor.Tensor{f32s([]int{1, 1, 1, 1}, 1), f32s([]int{1, 1, 1, 1}, 1)}},
		{"data_format", "Conv2D", map[string]*tfpb.AttrValue{"strides": lattr(1, 1, 1, 1), "padding": sattr("VALID"), "data_format": sattr("HWCN")},
			[]*tensor.Tensor{f32s([]int{1, 1, 1, 1}, 1), f32s([]int{1, 1, 1, 1}, 1)}},
		{"input_sizes", "Conv2DBackpropInput", conv, []*tensor.Tensor{i32s(1, 9, 9, 1), f32s([]int{1, 1, 1, 1}, 1), f32s([]int{1, 1, 1, 1}, 1)}},
		{"ksize", "MaxPool", map[string]*tfpb.AttrValue{"ksize": lattr(1, 2), "strides": lattr(1, 1, 1, 1), "padding": sattr("VALID")},
			[]*tensor.Tensor{f32s([]int{1, 1, 1, 1}, 1)}},
		{"negative padding", "Pad", nil, []*tensor.Tensor{row, mustT([]int{1, 2}, int32(-1), 0)}},
		{"huge padding", "Pad", nil, []*tensor.Tensor{row, mustT([]int{1, 2}, int32(1<<30), 1<<30)}},
		{"mirror too wide", "MirrorPad", map[string]*tfpb.AttrValue{"mode": sattr("REFLECT")}, []*tensor.Tensor{row, mustT([]int{1, 2}, int32(2), 0)}},
		{"one-hot depth", "OneHot", nil, []*tensor.Tensor{i32s(0), isc(-1), sc(1), sc(0)}},
		{"einsum labels", "Einsum", map[string]*tfpb.AttrValue{"equation": sattr("ab,bc->ad")}, []*tensor.Tensor{v2x2, v2x2}},
		{"einsum rank", "Einsum", map[string]*tfpb.AttrValue{"equation": sattr("abc->a")}, []*tensor.Tensor{v2x2}},
		{"einsum sizes", "Einsum", map[string]*tfpb.AttrValue{"equation": sattr("ab,bc->ac")}, []*tensor.Tensor{v2x2, f32s([]int{3, 1}, 1, 2, 3)}},
		{"split sizes", "SplitV", nil, []*tensor.Tensor{row, i32s(1, 2), isc(0)}},
		{"scatter index", "ScatterNd", nil, []*tensor.Tensor{mustT([]int{1, 1}, int32(5)), f32s([]int{1}, 1), i32s(4)}},
		{"gather index", "GatherNd", nil, []*tensor.Tensor{v2x2, mustT([]int{1, 2}, int32(0), 2)}},
		{"segment id", "UnsortedSegmentSum", nil, []*tensor.Tensor{row, i32s(0, 2), isc(2)}},
		{"block size", "DepthToSpace", map[string]*tfpb.AttrValue{"block_size": iattr(2)}, []*tensor.Tensor{f32s([]int{1, 1, 1, 3}, 1, 2, 3)}},
		{"resize size", "ResizeBilinear", nil, []*tensor.Tensor{f32s([]int{1, 1, 1, 1}, 1), i32s(0, 2)}},
		{"resize rank", "ResizeNearestNeighbor", nil, []*tensor.Tensor{row, i32s(2, 2)}},
		{"top k", "TopKV2", nil, []*tensor.Tensor{row, isc(3)}},
		{"nan", "CheckNumerics", nil, []*tensor.Tensor{nan}},
		{"shape", "EnsureShape", map[string]*tfpb.AttrValue{"shape": shapeAttr(3)}, []*tensor.Tensor{row}},
		{"permutation", "InvertPermutation", nil, []*tensor.Tensor{i32s(0, 0)}},
		{"broadcast", "BroadcastTo", nil, []*tensor.Tensor{f32s([]int{3}, 1, 2, 3), i32s(2, 2)}},
		{"batch norm channels", "FusedBatchNormV3", nil, []*tensor.Tensor{v2x2, row, row, row, sc(1)}},
		{"band", "MatrixBandPart", nil, []*tensor.Tensor{row, isc(0), isc(0)}},
		{"regex", "StaticRegexReplace", map[string]*tfpb.AttrValue{"pattern": sattr("(")}, []*tensor.Tensor{mustT([]int{1}, "a")}},
		{"number", "StringToNumber", nil, []*tensor.Tensor{mustT([]int{1}, "1x")}},
		{"pattern", "RegexReplace", nil, []*tensor.Tensor{mustT([]int{1}, "a"), mustT([]int{}, "("), mustT([]int{}, "")}},
		{"patch size", "ExtractImagePatches", map[string]*tfpb.AttrValue{"ksizes": lattr(1, 0, 1, 1), "strides": lattr(1, 1, 1, 1), "rates": lattr(1, 1, 1, 1), "padding": sattr("VALID")},
			[]*tensor.Tensor{f32s([]int{1, 1, 1, 1}, 1)}},
		{"not a PNG", "DecodePng", nil, []*tensor.Tensor{encoded(jpegGray)}},
		{"garbage", "DecodeImage", nil, []*tensor.Tensor{mustT([]int{}, "\x89PNG\r\n\x1a\nxx")}},
		{"huge image", "DecodePng", nil, []*tensor.Tensor{encoded(pngHuge)}},
		{"buckets", "StringToHashBucketFast", map[string]*tfpb.AttrValue{"num_buckets": iattr(0)}, []*tensor.Tensor{mustT([]int{1}, "a")}},
		{"key", "StringToHashBucketStrong", map[string]*tfpb.AttrValue{"num_buckets": iattr(10), "key": lattr(1)}, []*tensor.Tensor{mustT([]int{1}, "a")}},
		{"string compare", "Equal", nil, []*tensor.Tensor{mustT([]int{1}, "a"), sc(1)}},
		{"unsorted segments", "SegmentSum", nil, []*tensor.Tensor{row, i32s(1, 0)}},
		{"negative segment", "SegmentMax", nil, []*tensor.Tensor{row, i32s(-1, 0)}},
		{"segment ids shape", "SegmentMean", nil, []*tensor.Tensor{row, i32s(0)}},
		{"segments of nothing", "SegmentSum", nil, []*tensor.Tensor{f32s([]int{2, 0}), mustT([]int{2}, int64(0), 1<<40)}},
		{"ragged rows of nothing", "RaggedTensorToTensor", map[string]*tfpb.AttrValue{"row_partition_types": slattr("FIRST_DIM_SIZE", "VALUE_ROWIDS")},
			[]*tensor.Tensor{mustT([]int{}, int64(-1)), i32s(), isc(0), mustT([]int{}, int64(1<<40)), mustT([]int{0}, []int64{}...)}},
		{"sparse segment index", "SparseSegmentSum", nil, []*tensor.Tensor{v2x2, i32s(0, 2), i32s(0, 0)}},
		{"sparse segment ids", "SparseSegmentMean", nil, []*tensor.Tensor{v2x2, i32s(0, 1), i32s(1, 0)}},
		{"sparse segment lengths", "SparseSegmentSqrtN", nil, []*tensor.Tensor{v2x2, i32s(0, 1), i32s(0)}},
		{"unsorted segment id", "UnsortedSegmentProd", nil, []*tensor.Tensor{row, i32s(0, 2), isc(2)}},
		{"batch_dims", "GatherV2", map[string]*tfpb.AttrValue{"batch_dims": iattr(2)}, []*tensor.Tensor{v2x2, i32s(0), isc(1)}},
		{"axis in batch", "GatherV2", map[string]*tfpb.AttrValue{"batch_dims": iattr(1)}, []*tensor.Tensor{v2x2, mustT([]int{2, 1}, int32(0), 0), isc(0)}},
		{"batch index", "GatherV2", map[string]*tfpb.AttrValue{"batch_dims": iattr(1)}, []*tensor.Tensor{v2x2, mustT([]int{2, 1}, int32(0), 2), isc(1)}},
		{"split matrix", "StringSplitV2", nil, []*tensor.Tensor{mustT([]int{1, 1}, "a b"), mustT([]int{}, "")}},
		{"row splits", "RaggedTensorToTensor", map[string]*tfpb.AttrValue{"row_partition_types": slattr("ROW_SPLITS")},
			[]*tensor.Tensor{mustT([]int{}, int64(-1)), ragged, isc(0), mustT([]int{3}, int64(0), 4, 3)}},
		{"value rowids", "RaggedTensorToTensor", map[string]*tfpb.AttrValue{"row_partition_types": slattr("FIRST_DIM_SIZE", "VALUE_ROWIDS")},
			[]*tensor.Tensor{mustT([]int{}, int64(-1)), ragged, isc(0), mustT([]int{}, int64(2)), mustT([]int{6}, int64(0), 0, 0, 2, 2, 3)}},
		{"ragged rank 2", "RaggedTensorToTensor", map[string]*tfpb.AttrValue{"row_partition_types": slattr("ROW_SPLITS", "ROW_SPLITS")},
			[]*tensor.Tensor{mustT([]int{}, int64(-1)), ragged, isc(0), mustT([]int{2}, int64(0), 1), mustT([]int{2}, int64(0), 6)}},
		{"ragged default", "RaggedTensorToTensor", map[string]*tfpb.AttrValue{"row_partition_types": slattr("ROW_SPLITS")},
			[]*tensor.Tensor{mustT([]int{}, int64(-1)), ragged, i32s(0, 0), mustT([]int{2}, int64(0), 6)}},
		{"unit", "StringLength", map[string]*tfpb.AttrValue{"unit": sattr("UTF16_CHAR")}, []*tensor.Tensor{mustT([]int{1}, "a")}},
		{"substr pos", "Substr", nil, []*tensor.Tensor{mustT([]int{1}, "abc"), isc(4), isc(1)}},
		{"substr len", "Substr", nil, []*tensor.Tensor{mustT([]int{1}, "abc"), isc(0), isc(-1)}},
		{"substr shape", "Substr", nil, []*tensor.Tensor{mustT([]int{1}, "abc"), i32s(0, 1), isc(1)}},
		{"sparse index", "SparseToDense", nil, []*tensor.Tensor{i32s(5), i32s(3), sc(1), sc(0)}},
		{"sparse values", "SparseToDense", nil, []*tensor.Tensor{i32s(0, 1), i32s(3), f32s([]int{3}, 1, 2, 3), sc(0)}},
		{"unique rank", "Unique", nil, []*tensor.Tensor{v2x2}},
		{"strict decode", "UnicodeDecode", map[string]*tfpb.AttrValue{"input_encoding": sattr("UTF-8"), "errors": sattr("strict")}, []*tensor.Tensor{mustT([]int{1}, "a\xff")}},
		{"encoding", "UnicodeDecode", map[string]*tfpb.AttrValue{"input_encoding": sattr("UTF-16-BE")}, []*tensor.Tensor{mustT([]int{1}, "a")}},
		{"sparse matmul index", "SparseTensorDenseMatMul", nil, []*tensor.Tensor{mustT([]int{1, 2}, int64(0), 2), f32s([]int{1}, 1), mustT([]int{2}, int64(2), 2), v2x2}},
		{"sparse matmul shapes", "SparseTensorDenseMatMul", nil, []*tensor.Tensor{mustT([]int{1, 2}, int64(0), 0), f32s([]int{1}, 1), mustT([]int{2}, int64(2), 3), v2x2}},
	} {
		_, err := runOp(c.op, c.attrs, 1, c.in...)
		if err == nil || errors.Is(err, ErrKernelPanic) {
			t.Errorf("%s (%s): err = %v, want a validation error", c.op, c.name, err)
		}
	}
}

// TestTensorListOps grows, inspects and shrinks a TensorList, as
// tf.TensorArray does in Keras's RNN loops.
func TestTensorListOps(t *testing.T) {
	node := func(name, op string, in ...string) *tfpb.NodeDef {
		return &tfpb.NodeDef{Name: name, Op: op, Input: in, Attr: map[string]*tfpb.AttrValue{"element_dtype": tattr(tfpb.DataType_DT_FLOAT)}}
	}
	g, err := newGraph("", []*tfpb.NodeDef{
		node("shape", "Placeholder"), node("max", "Placeholder"), node("x", "Placeholder"), node("size", "Placeholder"),
		node("empty", "EmptyTensorList", "shape", "max"),
		node("one", "TensorListPushBack", "empty", "x"),
		node("two", "TensorListPushBack", "one", "x"),
		node("len", "TensorListLength", "two"),
		node("eshape", "TensorListElementShape", "two"),
		node("pop", "TensorListPopBack", "two", "shape"),
		node("poplen", "TensorListLength", "pop"),
		node("grown", "TensorListResize", "two", "size"),
		node("stacked", "TensorListStack", "grown", "shape"),
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	feeds := map[endpoint]value{
		{node: g.byName["shape"]}: tensorValue(i32s(2)),
		{node: g.byName["max"]}:   tensorValue(isc(-1)),
		{node: g.byName["x"]}:     tensorValue(row),
		{node: g.byName["size"]}:  tensorValue(isc(3)),
	}
	fetch := func(name string, out int) endpoint { return endpoint{node: g.byName[name], out: out} }
	fetches := []endpoint{fetch("len", 0), fetch("eshape", 0), fetch("pop", 1), fetch("poplen", 0), fetch("stacked", 0)}
	s := &session{}
	vals, err := s.checkRun(t.Context(), g, feeds, fetches, nil)
	if err != nil {
		t.Fatal(err)
	}
	got, err := tensors(vals)
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range []*tensor.Tensor{isc(2), i32s(2), row, isc(1), f32s([]int{3, 2}, 10, 20, 10, 20, 0, 0)} {
		if !sameTensor(got[i], want) {
			t.Errorf("%v = %v %v, want %v %v", fetches[i], got[i].Shape(), got[i].Data(), want.Shape(), want.Data())
		}
	}
}

// TestDisableCopyOnRead runs the op TensorFlow's savers put before
// reading a variable: it has no outputs and leaves the variable as it is.
func TestDisableCopyOnRead(t *testing.T) {
	g, err := newGraph("", []*tfpb.NodeDef{
		{Name: "v", Op: "VarHandleOp", Attr: map[string]*tfpb.AttrValue{"shared_name": sattr("v")}},
		{Name: "off", Op: "DisableCopyOnRead", Input: []string{"v"}},
		{Name: "read", Op: "ReadVariableOp", Input: []string{"v", "^off"}},
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	s := &session{}
	s.vars.get("v").val.Store(row)
	fetches := []endpoint{{node: g.byName["read"]}}
	if err := s.check(g, nil, fetches, nil, map[*graph]bool{}); err != nil {
		t.Fatal(err)
	}
	vals, err := s.run(t.Context(), g, nil, fetches, nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := vals[0].tensor(); err != nil || !sameTensor(got, row) {
		t.Errorf("read after DisableCopyOnRead = %v, %v; want %v", got, err, row.Data())
	}
}

// TestMutableHashTable fills a MutableHashTableV2 as a TF2 checkpoint
// restore (LookupTableImportV2) or a TF1 table initializer
// (InitializeTableV2) does, adds to it (LookupTableInsertV2) and looks
// keys up in it, as Keras's StringLookup does.
func TestMutableHashTable(t *testing.T) {
	for _, fill := range []string{"LookupTableImportV2", "InitializeTableV2"} {
		g, err := newGraph("", []*tfpb.NodeDef{
			{Name: "keys", Op: "Placeholder"}, {Name: "values", Op: "Placeholder"}, {Name: "query", Op: "Placeholder"}, {Name: "default", Op: "Placeholder"},
			{Name: "table", Op: "MutableHashTableV2", Attr: map[string]*tfpb.AttrValue{
				"key_dtype": tattr(tfpb.DataType_DT_STRING), "value_dtype": tattr(tfpb.DataType_DT_INT64), "shared_name": sattr("vocab")}},
			{Name: "restore", Op: fill, Input: []string{"table", "keys", "values"}},
			{Name: "more", Op: "Placeholder"}, {Name: "more_values", Op: "Placeholder"},
			{Name: "insert", Op: "LookupTableInsertV2", Input: []string{"table", "more", "more_values", "^restore"}},
			{Name: "find", Op: "LookupTableFindV2", Input: []string{"table", "query", "default", "^insert"}},
		}, nil)
		if err != nil {
			t.Fatal(err)
		}
		feeds := map[endpoint]value{}
		for name, v := range map[string]*tensor.Tensor{
			"keys": mustT([]int{2}, "cat", "dog"), "values": mustT([]int{2}, int64(2), 3),
			"query": mustT([]int{4}, "dog", "emu", "cat", "yak"), "default": mustT([]int{}, int64(1)),
			"more": mustT([]int{2}, "emu", "cat"), "more_values": mustT([]int{2}, int64(5), 7),
		} {
			feeds[endpoint{node: g.byName[name]}] = tensorValue(v)
		}
		fetches := []endpoint{{node: g.byName["find"]}}
		s := &session{}
		vals, err := s.checkRun(t.Context(), g, feeds, fetches, nil)
		if err != nil {
			t.Fatalf("%s: %v", fill, err)
		}
		// Inserting adds emu and replaces cat; filling had set dog.
		want := mustT([]int{4}, int64(3), 5, 7, 1)
		if got, err := vals[0].tensor(); err != nil || !sameTensor(got, want) {
			t.Errorf("%s: find = %v, %v; want %v", fill, got, err, want.Data())
		}
	}
}

// FuzzOps runs opCases' ops on inputs of fuzzed shapes and values: a bad
// input must give an error, never a kernel panic.
func FuzzOps(f *testing.F) {
	for i := range opCases {
		f.Add(uint16(i), []byte{2, 2, 1, 3, 0, 255, 7})
	}
	f.Fuzz(func(t *testing.T, which uint16, data []byte) {
		c := opCases[int(which)%len(opCases)]
		next := func() int {
			if len(data) == 0 {
				return 1
			}
			b := data[0]
			data = data[1:]
			return int(int8(b))
		}
		in := make([]*tensor.Tensor, len(c.in))
		for i, orig := range c.in {
			shape := make([]int, min(max(next(), 0), 4))
			for d := range shape {
				shape[d] = min(max(next(), 0), 5)
			}
			n, _ := tensor.NumElements(shape)
			v := make([]float64, n)
			for j := range v {
				v[j] = float64(next())
			}
			var err error
			if in[i], err = fromFloat64(orig.DType(), shape, v); err != nil {
				in[i] = orig // strings keep the case's value
			}
		}
		if _, err := runOp(c.op, c.attrs, 1, in...); errors.Is(err, ErrKernelPanic) {
			t.Errorf("%s on %v: %v", c.op, in, err)
		}
	})
}

// encoded returns the bytes enc writes as a string scalar.
func encoded(enc func(io.Writer) error) *tensor.Tensor {
	var b bytes.Buffer
	if err := enc(&b); err != nil {
		panic(err)
	}
	return mustT([]int{}, b.String())
}

// pngRGBA is a 2×1 PNG: opaque (0, 255, 51), then half-transparent red.
func pngRGBA(w io.Writer) error {
	img := image.NewNRGBA(image.Rect(0, 0, 2, 1))
	img.SetNRGBA(0, 0, color.NRGBA{0, 255, 51, 255})
	img.SetNRGBA(1, 0, color.NRGBA{255, 0, 0, 128})
	return png.Encode(w, img)
}

// jpegGray is an 8×8 gray JPEG of level 100.
func jpegGray(w io.Writer) error {
	img := image.NewGray(image.Rect(0, 0, 8, 8))
	for i := range img.Pix {
		img.Pix[i] = 100
	}
	return jpeg.Encode(w, img, &jpeg.Options{Quality: 100})
}

// pngHuge is a PNG whose header claims 100000×100000 pixels.
func pngHuge(w io.Writer) error {
	var b bytes.Buffer
	if err := png.Encode(&b, image.NewGray(image.Rect(0, 0, 1, 1))); err != nil {
		return err
	}
	p := b.Bytes()
	ihdr := p[12 : 12+4+13] // chunk type and data
	binary.BigEndian.PutUint32(ihdr[4:], 100000)
	binary.BigEndian.PutUint32(ihdr[8:], 100000)
	binary.BigEndian.PutUint32(p[12+4+13:], crc32.ChecksumIEEE(ihdr))
	_, err := w.Write(p)
	return err
}

// TestFingerprint64 checks FarmHash's Fingerprint64 on every length path:
// values from TensorFlow's string_to_hash_bucket_op_test ("a" to "d") and
// from FarmHash's published fingerprints; 20×"a" is CityHash64's, which
// shares farmhash-na's path for 17 to 32 bytes.
func TestFingerprint64(t *testing.T) {
	for _, c := range []struct {
		s    string
		want uint64
	}{
		{"", 11160318154034397263},
		{"a", 12917804110809363939},
		{"b", 11795596070477164822},
		{"c", 11430444447143000872},
		{"d", 4470636696479570465},
		{"abc", 2640714258260161385},
		{"hello", 13009744463427800296},
		{"hello world", 6381520714923946011},
		{"1234567890123456", 17239105360639788068},
		{strings.Repeat("a", 20), 15065261471293997870},
		{"The quick brown fox jumps over the lazy dog", 12375473906752639284},
		{"session_20b9ed23-cc36-4177-8661-b2a6d4a71c18", 16528987318367749121},
		{strings.Repeat("a", 64), 5893282057753879417},
		{strings.Repeat("b", 128), 17638211491968783095},
		{strings.Repeat("c", 256), 726802415163973935},
		{strings.Repeat("d", 512), 11981075791954381165},
		{strings.Repeat("e", 1000), 9485535561285839443},
		{strings.Repeat("f", 2000), 12587369799272928147},
		{strings.Repeat("g", 5000), 15389559131033639025},
	} {
		if got := fingerprint64([]byte(c.s)); got != c.want {
			t.Errorf("Fingerprint64(%.20q, %d bytes) = %d, want %d", c.s, len(c.s), got, c.want)
		}
	}
}

// TestSipHash checks SipHash-2-4 against the vectors of its paper (key
// 00…0f; messages empty and 00…0e).
func TestSipHash(t *testing.T) {
	k0, k1 := uint64(0x0706050403020100), uint64(0x0f0e0d0c0b0a0908)
	msg := []byte{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14}
	for _, c := range []struct {
		msg  []byte
		want uint64
	}{{nil, 0x726fdb47dd0e0e31}, {msg, 0xa129ca6149be45e5}} {
		if got := sipHash(k0, k1, c.msg); got != c.want {
			t.Errorf("SipHash(%x) = %#x, want %#x", c.msg, got, c.want)
		}
	}
}

// TestPrintV2 runs tf.print's op, which has no outputs, as a target.
func TestPrintV2(t *testing.T) {
	g, err := newGraph("", []*tfpb.NodeDef{
		{Name: "msg", Op: "Placeholder"},
		{Name: "print", Op: "PrintV2", Input: []string{"msg"}},
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	feeds := map[endpoint]value{{node: g.byName["msg"]}: tensorValue(mustT([]int{}, "hello"))}
	targets := []*node{g.byName["print"]}
	s := &session{}
	if err := s.check(g, feeds, nil, targets, map[*graph]bool{}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.run(t.Context(), g, feeds, nil, targets, 0); err != nil {
		t.Error(err)
	}
}
