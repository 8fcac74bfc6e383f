package ops

import (
	"context"
	"fmt"
	"math"
	"sort"

	"github.com/slipwayml/slipway/tensor"
)

// buildNonMaxSuppression greedily keeps, per batch and class, the highest
// scoring boxes above score_threshold whose overlap (IoU) with every box
// kept before is at most iou_threshold, up to max_output_boxes_per_class.
// The result lists [batch, class, box] index triples.
func buildNonMaxSuppression(n *Node) (Kernel, error) {
	center := n.Int("center_point_box", 0) != 0
	return withInput(func(ctx context.Context, bt *tensor.Tensor, in []Value) ([]Value, error) {
		st, err := arg(in, 1)
		if err != nil {
			return nil, err
		}
		bs, ss := bt.Shape(), st.Shape()
		if len(bs) != 3 || bs[2] != 4 || len(ss) != 3 || ss[0] != bs[0] || ss[2] != bs[1] {
			return nil, fmt.Errorf("%w: boxes %v and scores %v", tensor.ErrShape, bs, ss)
		}
		limit, iou, minScore := int64(0), 0.0, math.Inf(-1)
		for i, dst := range []*float64{nil, &iou, &minScore} {
			t, err := optArg(in, i+2)
			if err != nil {
				return nil, err
			}
			if t == nil || t.Len() == 0 {
				continue
			}
			v, err := t.Float64s()
			if err != nil {
				return nil, err
			}
			if dst == nil {
				limit = int64(v[0])
			} else {
				*dst = v[0]
			}
		}
		boxes, err := bt.Float64s()
		if err != nil {
			return nil, err
		}
		scores, err := st.Float64s()
		if err != nil {
			return nil, err
		}
		var sel []int64
		nb := bs[1]
		for b := range bs[0] {
			for c := range ss[1] {
				sc := scores[(b*ss[1]+c)*nb : (b*ss[1]+c+1)*nb]
				var cand []int
				for i, s := range sc {
					if s > minScore {
						cand = append(cand, i)
					}
				}
				sort.SliceStable(cand, func(p, q int) bool { return sc[cand[p]] > sc[cand[q]] })
				var kept []int
				for _, i := range cand {
					if int64(len(kept)) >= limit {
						break
					}
					ok := true
					for _, j := range kept {
						if overlap(boxes[(b*nb+i)*4:], boxes[(b*nb+j)*4:], center) > iou {
							ok = false
							break
						}
					}
					if ok {
						kept = append(kept, i)
						sel = append(sel, int64(b), int64(c), int64(i))
					}
				}
			}
		}
		return result(tensor.New([]int{len(sel) / 3, 3}, sel))
	}), nil
}

// overlap returns the intersection over union of two boxes, given as
// corners [y1, x1, y2, x2] (in any order) or as [xc, yc, w, h].
func overlap(a, b []float64, center bool) float64 {
	corners := func(v []float64) (y1, x1, y2, x2 float64) {
		if center {
			return v[1] - v[3]/2, v[0] - v[2]/2, v[1] + v[3]/2, v[0] + v[2]/2
		}
		return math.Min(v[0], v[2]), math.Min(v[1], v[3]), math.Max(v[0], v[2]), math.Max(v[1], v[3])
	}
	ay1, ax1, ay2, ax2 := corners(a)
	by1, bx1, by2, bx2 := corners(b)
	ih := math.Max(0, math.Min(ay2, by2)-math.Max(ay1, by1))
	iw := math.Max(0, math.Min(ax2, bx2)-math.Max(ax1, bx1))
	inter := ih * iw
	union := (ay2-ay1)*(ax2-ax1) + (by2-by1)*(bx2-bx1) - inter
	if union <= 0 {
		return 0
	}
	return inter / union
}
