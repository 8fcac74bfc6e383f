package onnx

import (
	"context"
	"fmt"
	"math"
	"slices"
	"testing"

	"google.golang.org/protobuf/proto"

	"github.com/slipwayml/slipway/format/onnx/onnxpb"
	"github.com/slipwayml/slipway/model"
	"github.com/slipwayml/slipway/tensor"
)

// randomCase is a model of one random operator whose draws are checked
// against the distribution they come from: no reference implementation
// draws the same numbers, but a million draws pin their statistics down.
type randomCase struct {
	name  string
	node  *onnxpb.NodeProto // reads X when x is set, writes Y
	x     *tensor.Tensor
	dtype tensor.DType // Y's
	check func(y []float64) string
}

// elemTypes are the ONNX types of the inputs of randomCases.
var elemTypes = map[tensor.DType]onnxpb.TensorProto_DataType{
	tensor.Int32: onnxpb.TensorProto_INT32, tensor.Float32: onnxpb.TensorProto_FLOAT, tensor.Float64: onnxpb.TensorProto_DOUBLE,
}

// tensorOf builds a test input; it panics on a shape that does not fit v.
func tensorOf[T tensor.Elem](shape []int, v []T) *tensor.Tensor {
	t, err := tensor.New(shape, v)
	if err != nil {
		panic(err)
	}
	return t
}

// rows returns a [len(values), n] tensor whose row i repeats values[i].
func rows[T tensor.Elem](n int, values ...T) *tensor.Tensor {
	var v []T
	for _, x := range values {
		v = append(v, slices.Repeat([]T{x}, n)...)
	}
	return tensorOf([]int{len(values), n}, v)
}

func randomCases() []randomCase {
	const n = 1_000_000
	in := func(op string, attrs ...*onnxpb.AttributeProto) *onnxpb.NodeProto {
		return node(op, []string{"X"}, []string{"Y"}, attrs...)
	}
	// Multinomial's second batch row: class 0 is impossible, class 3 as
	// likely as 1 and 2 together.
	logits := []float32{0, 1, 2, 3, float32(math.Inf(-1)), 0, 0, float32(math.Log(2))}
	return []randomCase{
		{"randomnormal_float", node("RandomNormal", nil, []string{"Y"}, intsAttr("shape", 1000, n/1000), floatAttr("mean", 3), floatAttr("scale", 2), floatAttr("seed", 1)),
			nil, tensor.Float32, normalMoments(3, 2)},
		{"randomnormal_double", node("RandomNormal", nil, []string{"Y"}, intsAttr("shape", n), intAttr("dtype", 11), floatAttr("mean", -1), floatAttr("scale", 0.5)),
			nil, tensor.Float64, normalMoments(-1, 0.5)},
		{"randomnormallike_float16_from_int32", in("RandomNormalLike", intAttr("dtype", 10)),
			tensorOf([]int{n}, make([]int32, n)), tensor.Float16, normalMoments(0, 1)},
		{"randomnormallike_double", in("RandomNormalLike", floatAttr("mean", 100), floatAttr("seed", 2)),
			tensorOf([]int{n / 1000, 1000}, make([]float64, n)), tensor.Float64, normalMoments(100, 1)},
		{"randomuniform_float", node("RandomUniform", nil, []string{"Y"}, intsAttr("shape", n), floatAttr("low", -2), floatAttr("high", 5)),
			nil, tensor.Float32, uniformMoments(-2, 5)},
		{"randomuniformlike_double", in("RandomUniformLike", floatAttr("low", 10), floatAttr("high", 11), floatAttr("seed", 3)),
			tensorOf([]int{n}, make([]float64, n)), tensor.Float64, uniformMoments(10, 11)},
		{"bernoulli_bool", in("Bernoulli", intAttr("dtype", 9)),
			rows(n/5, 0, 0.1, 0.5, 0.9, 1.0), tensor.Bool, frequencies(n/5, []float64{1, 0}, []float64{0.9, 0.1}, []float64{0.5, 0.5}, []float64{0.1, 0.9}, []float64{0, 1})},
		{"bernoulli_float", in("Bernoulli", floatAttr("seed", 4)),
			rows[float32](n/2, 0.25, 0.75), tensor.Float32, frequencies(n/2, []float64{0.75, 0.25}, []float64{0.25, 0.75})},
		{"multinomial_int32", in("Multinomial", intAttr("sample_size", n/2)),
			tensorOf([]int{2, 4}, logits), tensor.Int32, frequencies(n/2, softmax(logits[:4]), softmax(logits[4:]))},
		{"multinomial_int64", in("Multinomial", intAttr("sample_size", n), intAttr("dtype", 7), floatAttr("seed", 5)),
			tensorOf([]int{1, 3}, []float64{-1, 0.5, 2}), tensor.Int64, frequencies(n, softmax([]float32{-1, 0.5, 2}))},
	}
}

// confCase runs the model twice: a seeded node must draw the same values
// both times, an unseeded one different values, and both runs must pass
// check.
func (rc randomCase) confCase() confCase {
	g := &onnxpb.GraphProto{Node: []*onnxpb.NodeProto{rc.node}, Output: []*onnxpb.ValueInfoProto{untyped("Y")}}
	feeds := model.Tensors{}
	if rc.x != nil {
		dims := make([]int64, len(rc.x.Shape()))
		for i, d := range rc.x.Shape() {
			dims[i] = int64(d)
		}
		g.Input = []*onnxpb.ValueInfoProto{valueInfo("X", elemTypes[rc.x.DType()], dims...)}
		feeds["X"] = rc.x
	}
	mp := modelOf(g)
	mp.OpsetImport[0].Version = proto.Int64(22)
	seeded := slices.ContainsFunc(rc.node.Attribute, func(a *onnxpb.AttributeProto) bool { return a.GetName() == "seed" })
	return confCase{name: "random/" + rc.name, run: func() outcome {
		o := outcome{ops: graphOps(mp.Graph)}
		data, err := proto.Marshal(mp)
		if err != nil {
			return outcome{fail: err.Error()}
		}
		m, err := Parse(data)
		if err != nil {
			return outcome{fail: "load: " + err.Error()}
		}
		var runs [2][]float64
		for i := range runs {
			out, err := m.Predict(context.Background(), feeds, nil)
			if err != nil {
				return outcome{fail: "run: " + err.Error()}
			}
			y := out["Y"]
			if want := wantShape(rc); y.DType() != rc.dtype || !slices.Equal(y.Shape(), want) {
				return outcome{fail: fmt.Sprintf("Y is %v %v, want %v %v", y.DType(), y.Shape(), rc.dtype, want)}
			}
			runs[i], _ = y.Float64s()
			if d := rc.check(runs[i]); d != "" {
				return outcome{fail: d}
			}
		}
		if same := slices.Equal(runs[0], runs[1]); same != seeded {
			o.fail = fmt.Sprintf("two runs drew the same values: %v, want %v (seeded: %v)", same, seeded, seeded)
		}
		return o
	}}
}

// wantShape is the shape of Y: the shape attribute's, X's, or for
// Multinomial [batch, sample_size].
func wantShape(rc randomCase) []int {
	var shape []int
	for _, a := range rc.node.Attribute {
		switch a.GetName() {
		case "shape":
			for _, d := range a.Ints {
				shape = append(shape, int(d))
			}
		case "sample_size":
			shape = []int{rc.x.Shape()[0], int(a.GetI())}
		}
	}
	if shape == nil {
		shape = rc.x.Shape()
	}
	return shape
}

// normalMoments checks draws of N(mean, scale²).
func normalMoments(mean, scale float64) func([]float64) string {
	v := scale * scale
	return moments(mean, v, 3*v*v, math.Inf(-1), math.Inf(1))
}

// uniformMoments checks draws of U[low, high).
func uniformMoments(low, high float64) func([]float64) string {
	w := high - low
	return moments((low+high)/2, w*w/12, w*w*w*w/80, low, high)
}

// moments checks that draws lie in [low, high] and that their mean and
// variance are within 6 standard errors of those of a distribution with
// this mean, variance and fourth central moment (which gives the sample
// variance's standard error).
func moments(mean, variance, m4, low, high float64) func([]float64) string {
	return func(y []float64) string {
		n := float64(len(y))
		var sum float64
		for i, x := range y {
			if !(x >= low && x <= high) { // a float32 draw may round to high
				return fmt.Sprintf("draw %d is %v, outside [%v, %v]", i, x, low, high)
			}
			sum += x
		}
		m := sum / n
		var ss float64
		for _, x := range y {
			ss += (x - m) * (x - m)
		}
		if tol := 6 * math.Sqrt(variance/n); math.Abs(m-mean) > tol {
			return fmt.Sprintf("mean %v, want %v ± %v", m, mean, tol)
		}
		if tol := 6 * math.Sqrt((m4-variance*variance)/n); math.Abs(ss/n-variance) > tol {
			return fmt.Sprintf("variance %v, want %v ± %v", ss/n, variance, tol)
		}
		return ""
	}
}

// frequencies checks draws in rows of n, row i drawing outcome k (0, 1,
// …) with probability probs[i][k], to within 6 standard errors of each
// count; an outcome of probability 0 or 1 must never or always occur.
func frequencies(n int, probs ...[]float64) func([]float64) string {
	return func(y []float64) string {
		for i, p := range probs {
			count := make([]float64, len(p))
			for j, x := range y[i*n : (i+1)*n] {
				k := int(x)
				if float64(k) != x || k < 0 || k >= len(p) {
					return fmt.Sprintf("row %d, draw %d is %v, not an outcome in [0, %d)", i, j, x, len(p))
				}
				count[k]++
			}
			for k, pk := range p {
				want, tol := pk*float64(n), 6*math.Sqrt(pk*(1-pk)*float64(n))
				if math.Abs(count[k]-want) > tol {
					return fmt.Sprintf("row %d: outcome %d drawn %v times in %d, want %v ± %v", i, k, count[k], n, want, tol)
				}
			}
		}
		return ""
	}
}

func softmax(logits []float32) []float64 {
	p := make([]float64, len(logits))
	var sum float64
	for i, x := range logits {
		p[i] = math.Exp(float64(x))
		sum += p[i]
	}
	for i := range p {
		p[i] /= sum
	}
	return p
}

// TestRandomModels runs the random cases the conformance run counts, so
// that they also run without the corpus.
func TestRandomModels(t *testing.T) {
	for _, rc := range randomCases() {
		t.Run(rc.name, func(t *testing.T) {
			if o := rc.confCase().run(); o.skip != "" || o.fail != "" {
				t.Errorf("%s%s", o.skip, o.fail)
			}
		})
	}
}
