package savedmodel

import (
	"fmt"
	"math"
	"slices"

	"github.com/slipwayml/slipway/tensor"
)

// segmentReduce folds the rows of one segment with f, then divides by
// scale(count) if set (Mean, SqrtN). An empty segment is init, the
// identity of f, except that the sorted ops give 0 for Max and Min
// (extreme).
type segmentReduce struct {
	init    func(dt tensor.DType) float64
	f       func(acc, x float64) float64
	scale   func(n int) float64
	extreme bool
}

func zero(tensor.DType) float64 { return 0 }

var (
	segSum   = segmentReduce{init: zero, f: add}
	segMean  = segmentReduce{init: zero, f: add, scale: func(n int) float64 { return float64(n) }}
	segSqrtN = segmentReduce{init: zero, f: add, scale: func(n int) float64 { return math.Sqrt(float64(n)) }}
	segProd  = segmentReduce{init: func(tensor.DType) float64 { return 1 }, f: mul}
	segMax   = segmentReduce{init: func(dt tensor.DType) float64 { return -highest(dt) }, f: math.Max, extreme: true}
	segMin   = segmentReduce{init: highest, f: math.Min, extreme: true}
)

// highest is the largest finite value of a numeric type; -highest is
// what TensorFlow calls lowest for the signed and float types.
func highest(dt tensor.DType) float64 {
	switch dt {
	case tensor.Float16:
		return 65504
	case tensor.Float32:
		return math.MaxFloat32
	case tensor.Int8:
		return math.MaxInt8
	case tensor.Int16:
		return math.MaxInt16
	case tensor.Int32:
		return math.MaxInt32
	case tensor.Int64:
		return math.MaxInt64
	}
	return math.MaxFloat64
}

// segmentKind is how a segment op names its segments.
type segmentKind int

const (
	// sortedSegments: Segment{Sum,Mean,Max,Min,Prod}(data, segment_ids),
	// a sorted id for each row of data; last id + 1 segments.
	sortedSegments segmentKind = iota
	// unsortedSegments: UnsortedSegment{Sum,Max,Min,Prod}(data,
	// segment_ids, num_segments), ids shaped like data's leading
	// dimensions; negative ids are dropped.
	unsortedSegments
	// sparseSegments: SparseSegment{Sum,Mean,SqrtN}(data, indices,
	// segment_ids), sorted ids for the rows of data indices picks, as
	// embedding_lookup_sparse and feature columns combine embeddings.
	sparseSegments
)

// segmentOp reduces the rows of data by segment: out[id[i]] = f(…,
// row(i)). An unsorted op's empty segment is the type's lowest value for
// Max, its highest for Min.
func segmentOp(kind segmentKind, r segmentReduce) *kernel {
	arity := 3
	if kind == sortedSegments {
		arity = 2
	}
	return tensorKernel(arity, func(_ *call, in []*tensor.Tensor) (*tensor.Tensor, error) {
		ds := in[0].Shape()
		idsIn := in[1]
		if kind == sparseSegments {
			idsIn = in[2]
		}
		ids, err := asInts(idsIn)
		if err != nil {
			return nil, fmt.Errorf("segment_ids: %w", err)
		}
		is := idsIn.Shape()
		rows := seq(0, len(ids)) // the data row each id reduces
		segs, empty := 0, r.init(in[0].DType())
		var inner []int // the shape of a row
		if kind == unsortedSegments {
			if segs, err = scalarInt(in[2], "num_segments"); err != nil {
				return nil, err
			}
			if len(is) > len(ds) || !slices.Equal(ds[:len(is)], is) {
				return nil, fmt.Errorf("segment_ids of shape %v for data %v", is, ds)
			}
			inner = ds[len(is):]
		} else {
			if len(is) != 1 || len(ds) == 0 {
				return nil, fmt.Errorf("segment_ids of shape %v for data %v, want a vector", is, ds)
			}
			if kind == sparseSegments {
				if rows, err = asInts(in[1]); err != nil || len(rows) != len(ids) {
					return nil, fmt.Errorf("indices of shape %v for %d segment ids", in[1].Shape(), len(ids))
				}
			} else if ds[0] != len(ids) {
				return nil, fmt.Errorf("%d segment ids for %d rows", len(ids), ds[0])
			}
			if len(ids) > 0 {
				if ids[0] < 0 || !slices.IsSorted(ids) {
					return nil, fmt.Errorf("segment_ids %v are not sorted non-negative integers", ids)
				}
				segs = ids[len(ids)-1] + 1
			}
			if r.extreme {
				empty = 0
			}
			inner = ds[1:]
		}
		shape := append([]int{segs}, inner...)
		n, err := checkSize(shape)
		if err != nil {
			return nil, err
		}
		if segs > maxElements { // rows of nothing, but counted
			return nil, fmt.Errorf("%d segments, more than the kernel limit of %d", segs, maxElements)
		}
		x, err := asFloat64(in[0])
		if err != nil {
			return nil, err
		}
		block, _ := tensor.NumElements(inner)
		nrows := len(x) / max(block, 1)
		out := make([]float64, n)
		count := make([]int, segs)
		for i, s := range ids {
			if s >= segs {
				return nil, fmt.Errorf("segment id %d out of range [0, %d)", s, segs)
			}
			if s < 0 {
				continue
			}
			if rows[i] < 0 || rows[i] >= nrows {
				return nil, fmt.Errorf("index %d out of range [0, %d)", rows[i], nrows)
			}
			o, row := out[s*block:(s+1)*block], x[rows[i]*block:(rows[i]+1)*block]
			if count[s] == 0 {
				copy(o, row)
			} else {
				for j, v := range row {
					o[j] = r.f(o[j], v)
				}
			}
			count[s]++
		}
		for s, c := range count {
			for j := range block {
				switch o := &out[s*block+j]; {
				case c == 0:
					*o = empty
				case r.scale != nil:
					*o /= r.scale(c)
				}
			}
		}
		return fromFloat64(in[0].DType(), shape, out)
	})
}
