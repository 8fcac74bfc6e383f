package ops

import (
	"cmp"
	"fmt"
	"math"

	"github.com/slipwayml/slipway/tensor"
)

// postTransform is the post_transform of the ai.onnx.ml scorers.
type postTransform uint8

const (
	postNone postTransform = iota
	postSoftmax
	postLogistic
	postSoftmaxZero
	postProbit
)

var postTransforms = map[string]postTransform{
	"NONE": postNone, "SOFTMAX": postSoftmax, "LOGISTIC": postLogistic, "SOFTMAX_ZERO": postSoftmaxZero, "PROBIT": postProbit,
}

func parsePost(n *Node) (postTransform, error) {
	s := n.String("post_transform", "NONE")
	p, ok := postTransforms[s]
	if !ok {
		return 0, fmt.Errorf("unknown post_transform %q", s)
	}
	return p, nil
}

func probit(x float64) float64 { return math.Sqrt2 * math.Erfinv(2*x-1) }

// apply transforms one row of scores in place.
func (p postTransform) apply(row []float64) {
	switch p {
	case postLogistic:
		for i, x := range row {
			row[i] = sigmoid(x)
		}
	case postProbit:
		for i, x := range row {
			row[i] = probit(x)
		}
	case postSoftmax:
		softmaxLine(row, len(row), 1, kindSoftmax)
	case postSoftmaxZero:
		// As onnxruntime: zero scores stay (almost) zero and do not take
		// part in the normalisation.
		m := math.Inf(-1)
		for _, x := range row {
			m = math.Max(m, x)
		}
		var s float64
		for i, x := range row {
			if math.Abs(x) > 1e-7 {
				row[i] = math.Exp(x - m)
				s += row[i]
			} else {
				row[i] = x * math.Exp(-m)
			}
		}
		for i := range row {
			row[i] /= s
		}
	}
}

// features reads the [N, F] (or [F], one row) input of a scorer as float64.
func features(t *tensor.Tensor) (x []float64, rows, cols int, err error) {
	switch s := t.Shape(); len(s) {
	case 1:
		rows, cols = 1, s[0]
	case 2:
		rows, cols = s[0], s[1]
	default:
		return nil, 0, 0, fmt.Errorf("%w: want [N, F] features, got %v", tensor.ErrShape, s)
	}
	x, err = t.Float64s()
	return x, rows, cols, err
}

// float32s rounds scores to FP32, the output type of the ML scorers.
func float32s(shape []int, v []float64) (*tensor.Tensor, error) {
	return tensor.New(shape, widen[float64, float32](v))
}

// classLabels holds a classifier's labels: INT64 or strings.
type classLabels struct {
	ints    []int64
	strings []string
}

func readLabels(n *Node, ints, strs string) classLabels {
	return classLabels{ints: n.Ints(ints), strings: n.Strings(strs)}
}

func (l classLabels) len() int { return max(len(l.ints), len(l.strings)) }

// pick returns the labels at the given class indices as a 1-D tensor.
func (l classLabels) pick(idx []int) (*tensor.Tensor, error) {
	shape := []int{len(idx)}
	if l.strings != nil {
		return tensor.New(shape, gather(l.strings, idx))
	}
	return tensor.New(shape, gather(l.ints, idx))
}

// outputs is a classifier's two outputs: the labels at idx and the [rows,
// width] scores as float32, as every ai.onnx.ml classifier returns them.
func (l classLabels) outputs(idx []int, rows, width int, scores []float64) ([]Value, error) {
	y, err := l.pick(idx)
	if err != nil {
		return nil, err
	}
	z, err := float32s([]int{rows, width}, scores)
	return []Value{y, z}, err
}

// argmax returns the index of the first largest value.
func argmax[T cmp.Ordered](v []T) int {
	best := 0
	for i, x := range v {
		if x > v[best] {
			best = i
		}
	}
	return best
}
