package ops

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sort"

	"github.com/slipwayml/slipway/tensor"
)

// buildMultinomial draws sample_size outcomes for each row of its
// [batch, classes] input of unnormalized log-probabilities: outcome k with
// probability softmax(row)[k]. The output, [batch, sample_size], is INT32
// or INT64 (dtype, default INT32).
func buildMultinomial(n *Node) (Kernel, error) {
	dt, err := DType(int32(n.Int("dtype", 6)))
	if err != nil {
		return nil, err
	}
	if dt != tensor.Int32 && dt != tensor.Int64 {
		return nil, fmt.Errorf("dtype %v, want INT32 or INT64", dt)
	}
	samples := n.Int("sample_size", 1)
	if samples < 1 || samples > MaxElements {
		return nil, fmt.Errorf("sample_size %d is outside [1, %d]", samples, MaxElements)
	}
	if err := n.checkTypes([]int{0}, tensor.DType.IsFloat, "a floating-point type"); err != nil {
		return nil, err
	}
	return withRandomInput(n, func(r *rand.Rand, t *tensor.Tensor) ([]Value, error) {
		if s := t.Shape(); len(s) != 2 || !t.DType().IsFloat() {
			return nil, fmt.Errorf("input is %v %v, want a floating-point [batch, classes] matrix", t.DType(), s)
		}
		batch, classes := t.Shape()[0], t.Shape()[1]
		shape := []int{batch, int(samples)}
		size, err := numElements(shape)
		if err != nil {
			return nil, err
		}
		logits, err := t.Float64s()
		if err != nil {
			return nil, err
		}
		cdf := make([]float64, classes)
		out := make([]int64, 0, size)
		for b := range batch {
			if err := cumulative(logits[b*classes:(b+1)*classes], cdf); err != nil {
				return nil, fmt.Errorf("row %d: %w", b, err)
			}
			total := cdf[classes-1]
			for range samples {
				u := r.Float64() * total
				k := sort.Search(classes, func(k int) bool { return cdf[k] > u })
				out = append(out, int64(min(k, classes-1))) // k = classes only if rounding put u at total
			}
		}
		return result(fromInt64s(dt, shape, out))
	}), nil
}

// cumulative writes to cdf the running sums of exp(row - max(row)): the
// unnormalized cumulative distribution of softmax(row).
func cumulative(row, cdf []float64) error {
	top := math.Inf(-1)
	for _, x := range row {
		if math.IsNaN(x) || math.IsInf(x, 1) {
			return fmt.Errorf("log-probability %v", x)
		}
		top = max(top, x)
	}
	if math.IsInf(top, -1) {
		return fmt.Errorf("no outcome has a positive probability")
	}
	sum := 0.0
	for i, x := range row {
		sum += math.Exp(x - top)
		cdf[i] = sum
	}
	return nil
}
