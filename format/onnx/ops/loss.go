package ops

import (
	"context"
	"fmt"

	"github.com/slipwayml/slipway/tensor"
)

// nllLoss computes the negative log-likelihood of logProb [N, C, d…] at
// the target classes [N, d…], weighted per class, skipping ignoreIndex,
// reduced by "none", "sum" or "mean" (weighted mean).
func nllLoss(logProb []float64, shape []int, target []int64, weight []float64, ignore *int64, reduction string) ([]float64, []int, error) {
	if len(shape) < 2 {
		return nil, nil, fmt.Errorf("%w: input %v is not [N, C, …]", tensor.ErrShape, shape)
	}
	n, c, inner := shape[0], shape[1], product(shape[2:])
	if len(target) != n*inner {
		return nil, nil, fmt.Errorf("%w: %d targets for input %v", tensor.ErrShape, len(target), shape)
	}
	loss := make([]float64, n*inner)
	var total, wsum float64
	for b := range n {
		for i := range inner {
			t := target[b*inner+i]
			if ignore != nil && t == *ignore {
				continue
			}
			if t < 0 || t >= int64(c) {
				return nil, nil, fmt.Errorf("target %d is out of range for %d classes", t, c)
			}
			w := 1.0
			if weight != nil {
				w = weight[t]
			}
			l := -logProb[(b*c+int(t))*inner+i] * w
			loss[b*inner+i] = l
			total += l
			wsum += w
		}
	}
	switch reduction {
	case "none":
		return loss, append([]int{n}, shape[2:]...), nil
	case "sum":
		return []float64{total}, []int{}, nil
	case "mean":
		return []float64{total / wsum}, []int{}, nil
	}
	return nil, nil, fmt.Errorf("unknown reduction %q", reduction)
}

// lossArgs reads the target and optional weight inputs and attributes the
// two loss operators share.
func lossArgs(n *Node, in []Value) (target []int64, weight []float64, ignore *int64, err error) {
	tt, err := arg(in, 1)
	if err != nil {
		return nil, nil, nil, err
	}
	if target, err = int64s(tt); err != nil {
		return nil, nil, nil, err
	}
	if wt, err := optArg(in, 2); err != nil {
		return nil, nil, nil, err
	} else if wt != nil {
		if weight, err = wt.Float64s(); err != nil {
			return nil, nil, nil, err
		}
	}
	if n.Has("ignore_index") {
		v := n.Int("ignore_index", 0)
		ignore = &v
	}
	return target, weight, ignore, nil
}

func buildNegativeLogLikelihoodLoss(n *Node) (Kernel, error) {
	reduction := n.String("reduction", "mean")
	return withInput(func(ctx context.Context, x *tensor.Tensor, in []Value) ([]Value, error) {
		target, weight, ignore, err := lossArgs(n, in)
		if err != nil {
			return nil, err
		}
		lp, err := x.Float64s()
		if err != nil {
			return nil, err
		}
		if weight != nil && x.Len() > 0 && len(x.Shape()) > 1 && len(weight) != x.Shape()[1] {
			return nil, fmt.Errorf("%d weights for %d classes", len(weight), x.Shape()[1])
		}
		loss, shape, err := nllLoss(lp, x.Shape(), target, weight, ignore, reduction)
		if err != nil {
			return nil, err
		}
		f, err := tensor.New(shape, loss)
		if err != nil {
			return nil, err
		}
		return result(Cast(f, x.DType()))
	}), nil
}

// buildSoftmaxCrossEntropyLoss is the NLL loss of log_softmax over axis 1;
// its optional second output is that log-probability.
func buildSoftmaxCrossEntropyLoss(n *Node) (Kernel, error) {
	reduction := n.String("reduction", "mean")
	return withInput(func(ctx context.Context, x *tensor.Tensor, in []Value) ([]Value, error) {
		target, weight, ignore, err := lossArgs(n, in)
		if err != nil {
			return nil, err
		}
		s := x.Shape()
		if len(s) < 2 {
			return nil, fmt.Errorf("%w: input %v is not [N, C, …]", tensor.ErrShape, s)
		}
		if weight != nil && len(weight) != s[1] {
			return nil, fmt.Errorf("%d weights for %d classes", len(weight), s[1])
		}
		v, err := x.Float64s()
		if err != nil {
			return nil, err
		}
		lp := append([]float64(nil), v...)
		c, inner := s[1], product(s[2:])
		for b := range s[0] {
			for i := range inner {
				softmaxLine(lp[b*c*inner+i:], c, inner, kindLogSoftmax)
			}
		}
		loss, shape, err := nllLoss(lp, s, target, weight, ignore, reduction)
		if err != nil {
			return nil, err
		}
		out := make([]Value, 0, 2)
		for _, r := range []struct {
			shape []int
			v     []float64
		}{{shape, loss}, {s, lp}}[:min(max(n.NumOutputs, 1), 2)] {
			f, err := tensor.New(r.shape, r.v)
			if err != nil {
				return nil, err
			}
			t, err := Cast(f, x.DType())
			if err != nil {
				return nil, err
			}
			out = append(out, t)
		}
		return out, nil
	}), nil
}
