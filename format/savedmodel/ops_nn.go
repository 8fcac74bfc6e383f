package savedmodel

import (
	"fmt"
	"math"
	"slices"

	"github.com/slipwayml/slipway/tensor"
)

// attrFloat reads a float attribute, def when absent.
func attrFloat(c *call, name string, def float64) float64 {
	a, ok := c.n.def.GetAttr()[name]
	if !ok {
		return def
	}
	return float64(a.GetF())
}

// fusedBatchNormOp is FusedBatchNorm, V2 and V3 (outputs y, batch_mean,
// batch_variance and reserve spaces). At inference y normalises x with
// the given mean and variance:
//
//	y = (x - mean) * scale / sqrt(variance + epsilon) + offset
//
// With is_training set (Keras's LayerNormalization runs it so) mean and
// variance are the batch's, over every dimension but the channel;
// batch_variance is then the unbiased estimate, blended with the given
// one by exponential_avg_factor, as TensorFlow does.
func fusedBatchNormOp(outputs int) *kernel {
	names := []string{"y", "batch_mean", "batch_variance", "reserve_space_1", "reserve_space_2", "reserve_space_3"}[:outputs]
	return &kernel{arity: 5, outputs: names, run: func(c *call, in []value) ([]value, error) {
		ts, err := tensors(in)
		if err != nil {
			return nil, err
		}
		first, err := channelsFirst(c)
		if err != nil {
			return nil, err
		}
		shape := ts[0].Shape()
		if len(shape) < 2 {
			return nil, fmt.Errorf("input of shape %v", shape)
		}
		ax := len(shape) - 1
		if first {
			ax = 1
		}
		ch, inner := shape[ax], strides(shape)[ax]
		x, err := asFloat64(ts[0])
		if err != nil {
			return nil, err
		}
		p := make([][]float64, 4) // scale, offset, mean, variance
		for i := range p {
			if p[i], err = asFloat64(ts[i+1]); err != nil {
				return nil, err
			}
			if len(p[i]) != ch && !(i >= 2 && c.attrBool("is_training") && len(p[i]) == 0) {
				return nil, fmt.Errorf("input %d has %d elements for %d channels", i+1, len(p[i]), ch)
			}
		}
		mean, variance := p[2], p[3]
		batchMean, batchVar := mean, variance
		if c.attrBool("is_training") {
			mean, variance, batchVar = channelMoments(x, ch, inner)
			batchMean = blend(p[2], mean, attrFloat(c, "exponential_avg_factor", 1))
			batchVar = blend(p[3], batchVar, attrFloat(c, "exponential_avg_factor", 1))
		}
		eps := attrFloat(c, "epsilon", 1e-4)
		y := make([]float64, len(x))
		for i, v := range x {
			k := i / inner % ch
			y[i] = (v-mean[k])*(p[0][k]/math.Sqrt(variance[k]+eps)) + p[1][k]
		}
		yt, err := fromFloat64(ts[0].DType(), shape, y)
		if err != nil {
			return nil, err
		}
		out := []value{tensorValue(yt)}
		for _, v := range [][]float64{batchMean, batchVar, mean, variance, nil}[:outputs-1] {
			t, err := fromFloat64(ts[1].DType(), []int{len(v)}, v)
			if err != nil {
				return nil, err
			}
			out = append(out, tensorValue(t))
		}
		return out, nil
	}}
}

// channelMoments returns per-channel means, biased variances and
// unbiased variances of x, whose channel index is i/inner%ch.
func channelMoments(x []float64, ch, inner int) (mean, biased, unbiased []float64) {
	mean, biased, unbiased = make([]float64, ch), make([]float64, ch), make([]float64, ch)
	n := float64(len(x) / max(ch, 1))
	for i, v := range x {
		mean[i/inner%ch] += v
	}
	for k := range mean {
		mean[k] /= n
	}
	for i, v := range x {
		d := v - mean[i/inner%ch]
		biased[i/inner%ch] += d * d
	}
	for k := range biased {
		unbiased[k] = biased[k] / max(n-1, 1)
		biased[k] /= n
	}
	return mean, biased, unbiased
}

// blend is (1-f)·old + f·cur, the running statistic update; old may be
// empty when f is 1.
func blend(old, cur []float64, f float64) []float64 {
	if f == 1 || len(old) != len(cur) {
		return cur
	}
	out := make([]float64, len(cur))
	for i := range out {
		out[i] = (1-f)*old[i] + f*cur[i]
	}
	return out
}

// leakyReluOp is LeakyRelu: x, or alpha·x below zero.
var leakyReluOp = tensorKernel(1, func(c *call, in []*tensor.Tensor) (*tensor.Tensor, error) {
	alpha := attrFloat(c, "alpha", 0.2)
	x, err := asFloat64(in[0])
	if err != nil {
		return nil, err
	}
	return fromFloat64(in[0].DType(), in[0].Shape(), convert(x, func(v float64) float64 {
		if v < 0 {
			return alpha * v
		}
		return v
	}))
})

// clipByValueOp is ClipByValue: min(max(t, lo), hi), lo and hi
// broadcasting to t.
var clipByValueOp = tensorKernel(3, func(_ *call, in []*tensor.Tensor) (*tensor.Tensor, error) {
	lo, err := broadcastValues(in[1], in[0].Shape())
	if err != nil {
		return nil, fmt.Errorf("clip_value_min: %w", err)
	}
	hi, err := broadcastValues(in[2], in[0].Shape())
	if err != nil {
		return nil, fmt.Errorf("clip_value_max: %w", err)
	}
	x, err := asFloat64(in[0])
	if err != nil {
		return nil, err
	}
	out := make([]float64, len(x))
	for i, v := range x {
		out[i] = min(max(v, lo[i]), hi[i])
	}
	return fromFloat64(in[0].DType(), in[0].Shape(), out)
})

// broadcastValues returns t's elements broadcast to shape, which t must not
// exceed.
func broadcastValues(t *tensor.Tensor, shape []int) ([]float64, error) {
	b, err := broadcastShape(t.Shape(), shape)
	if err != nil || !slices.Equal(b, shape) {
		return nil, fmt.Errorf("shape %v does not broadcast to %v", t.Shape(), shape)
	}
	v, err := asFloat64(t)
	if err != nil {
		return nil, err
	}
	return pick(v, broadcastIndex(shape, t.Shape())), nil
}

// addNOp is AddN: the element-wise sum of inputs of one shape and type.
var addNOp = tensorKernel(-1, func(_ *call, in []*tensor.Tensor) (*tensor.Tensor, error) {
	if len(in) == 0 {
		return nil, fmt.Errorf("nothing to add")
	}
	out := make([]float64, in[0].Len())
	for i, t := range in {
		if t.DType() != in[0].DType() || !slices.Equal(t.Shape(), in[0].Shape()) {
			return nil, fmt.Errorf("input %d is %v %v, want %v %v", i, t.DType(), t.Shape(), in[0].DType(), in[0].Shape())
		}
		x, err := asFloat64(t)
		if err != nil {
			return nil, err
		}
		for j, v := range x {
			out[j] += v
		}
	}
	return fromFloat64(in[0].DType(), in[0].Shape(), out)
})

// softsign is x / (1 + |x|).
func softsign(x float64) float64 { return x / (1 + math.Abs(x)) }

// divNoNan is x / y, or 0 where y is 0.
func divNoNan(x, y float64) float64 {
	if y == 0 {
		return 0
	}
	return x / y
}

// mulNoNan is x · y, or 0 where y is 0.
func mulNoNan(x, y float64) float64 {
	if y == 0 {
		return 0
	}
	return x * y
}

// xlogy is x · log(y), or 0 where x is 0.
func xlogy(x, y float64) float64 {
	if x == 0 {
		return 0
	}
	return x * math.Log(y)
}

// truncateDiv is integer division rounding toward zero (TruncateDiv, and
// Div on integers in C).
func truncateDiv(x, y float64) float64 { return math.Trunc(x / y) }
