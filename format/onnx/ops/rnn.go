package ops

import (
	"context"
	"fmt"
	"math"

	"github.com/slipwayml/slipway/internal/gemm"
	"github.com/slipwayml/slipway/tensor"
)

// rnnKind selects the cell of the recurrent operators.
type rnnKind uint8

const (
	cellRNN rnnKind = iota
	cellGRU
	cellLSTM
)

// gates is the number of stacked gate blocks in W and R; acts the number
// of activation functions per direction.
func (k rnnKind) gates() int { return [...]int{1, 3, 4}[k] }
func (k rnnKind) nActs() int { return [...]int{1, 2, 3}[k] }
func (k rnnKind) defaults() []string {
	return [...][]string{{"Tanh"}, {"Sigmoid", "Tanh"}, {"Sigmoid", "Tanh", "Tanh"}}[k]
}

// rnnSpec is a recurrent node's attributes.
type rnnSpec struct {
	kind        rnnKind
	hidden      int
	dirs        int
	reverse     bool // the single direction is reverse
	acts        [][]rnnAct
	clip        float64
	linearReset bool
	coupleIF    bool
	batchFirst  bool
	wt, rt      any // transposedWeights of constant W and R, else nil
}

func buildRecurrent(kind rnnKind) func(*Node) (Kernel, error) {
	return func(n *Node) (Kernel, error) {
		s := rnnSpec{kind: kind, hidden: int(n.Int("hidden_size", 0)), dirs: 1, clip: float64(n.Float("clip", 0)),
			linearReset: n.Int("linear_before_reset", 0) != 0, coupleIF: n.Int("input_forget", 0) != 0, batchFirst: n.Int("layout", 0) != 0}
		switch d := n.String("direction", "forward"); d {
		case "forward":
		case "reverse":
			s.reverse = true
		case "bidirectional":
			s.dirs = 2
		default:
			return nil, fmt.Errorf("unknown direction %q", d)
		}
		if s.hidden <= 0 {
			return nil, fmt.Errorf("hidden_size is %d", s.hidden)
		}
		names := n.Strings("activations")
		if names == nil {
			for range s.dirs {
				names = append(names, kind.defaults()...)
			}
		}
		if len(names) != kind.nActs()*s.dirs {
			return nil, fmt.Errorf("%d activations, want %d", len(names), kind.nActs()*s.dirs)
		}
		alphas, betas := n.Floats("activation_alpha"), n.Floats("activation_beta")
		for d := range s.dirs {
			var fs []rnnAct
			for j := range kind.nActs() {
				i := d*kind.nActs() + j
				var a, b float64
				if i < len(alphas) {
					a = float64(alphas[i])
				}
				if i < len(betas) {
					b = float64(betas[i])
				}
				f, err := rnnActivation(names[i], a, b, i < len(alphas), i < len(betas))
				if err != nil {
					return nil, err
				}
				fs = append(fs, rnnAct{names[i], f})
			}
			s.acts = append(s.acts, fs)
		}
		s.wt, s.rt = transposedWeights(n, 1, s), transposedWeights(n, 2, s)
		return func(ctx context.Context, in []Value) ([]Value, error) { return s.run(in, n.NumOutputs) }, nil
	}
}

var (
	buildRNN  = buildRecurrent(cellRNN)
	buildGRU  = buildRecurrent(cellGRU)
	buildLSTM = buildRecurrent(cellLSTM)
)

// floatsArg reads optional input i as T with the wanted length.
func floatsArg[T float](in []Value, i, want int) ([]T, error) {
	t, err := optArg(in, i)
	if err != nil || t == nil {
		return nil, err
	}
	v, err := floatValues[T](t)
	if err != nil {
		return nil, err
	}
	if len(v) != want {
		return nil, fmt.Errorf("%w: input %d has %d values, want %d", tensor.ErrShape, i, len(v), want)
	}
	return v, nil
}

// floatValues returns t's elements as T, converting when t holds another
// type.
func floatValues[T float](t *tensor.Tensor) ([]T, error) {
	if v, ok := tensor.Values[T](t); ok {
		return v, nil
	}
	dt := tensor.Float64
	if _, ok := any(T(0)).(float32); ok {
		dt = tensor.Float32
	}
	c, err := Cast(t, dt)
	if err != nil {
		return nil, err
	}
	v, _ := tensor.Values[T](c)
	return v, nil
}

// run computes in FP32 for FP32 inputs, as the frameworks that export these
// models do, and in FP64 otherwise.
func (s rnnSpec) run(in []Value, outputs int) ([]Value, error) {
	x, err := arg(in, 0)
	if err != nil {
		return nil, err
	}
	if x.DType() == tensor.Float32 {
		return recur[float32](s, x, in, outputs)
	}
	return recur[float64](s, x, in, outputs)
}

// rnnState is one direction's working set: weights, biases and the
// buffers reused across time steps.
type rnnState[T float] struct {
	w, r   []T // [gates*hidden, input] and [gates*hidden, hidden]
	wt, rt []T // w and r transposed, when known at build time; else nil
	bx     []T // input-side bias: Wb + Rb, but only Wb for GRU's candidate gate
	bh     []T // GRU's candidate recurrent bias Rbh, applied inside the reset gate
	peep   []T
	acts   []rnnAct
	xw     []T // the input projections of every step, rows as X's
	rec    []T // [batch, gates*hidden]: R·h for the current step
	hs, cs []T // [batch, hidden]
	rh     []T // GRU without linear_before_reset: r ⊙ h
}

func recur[T float](s rnnSpec, x *tensor.Tensor, in []Value, outputs int) ([]Value, error) {
	xs := x.Shape()
	if len(xs) != 3 {
		return nil, fmt.Errorf("%w: X is %v, want rank 3", tensor.ErrShape, xs)
	}
	seq, batch, inSize := xs[0], xs[1], xs[2]
	if s.batchFirst {
		seq, batch = batch, seq
	}
	h, g := s.hidden, s.kind.gates()
	gh := g * h
	// The projections and outputs are bounded by the shapes, not by the
	// input's size: an X with no features may still claim many steps.
	if _, err := numElements([]int{seq, batch, s.dirs, gh}); err != nil {
		return nil, err
	}
	xv, err := floatValues[T](x)
	if err != nil {
		return nil, err
	}
	w, err := floatsArg[T](in, 1, s.dirs*gh*inSize)
	if err != nil || w == nil {
		return nil, fmt.Errorf("W: %v", err)
	}
	r, err := floatsArg[T](in, 2, s.dirs*gh*h)
	if err != nil || r == nil {
		return nil, fmt.Errorf("R: %v", err)
	}
	bias, err := floatsArg[T](in, 3, s.dirs*2*gh)
	if err != nil {
		return nil, err
	}
	lens := make([]int, batch)
	if t, err := optArg(in, 4); err != nil {
		return nil, err
	} else if t != nil {
		l, err := int64s(t)
		if err != nil || len(l) != batch {
			return nil, fmt.Errorf("sequence_lens: want %d lengths", batch)
		}
		for b, n := range l {
			lens[b] = int(min(max(n, 0), int64(seq)))
		}
	} else {
		for b := range lens {
			lens[b] = seq
		}
	}
	h0, err := floatsArg[T](in, 5, s.dirs*batch*h)
	if err != nil {
		return nil, err
	}
	var c0, peep []T
	if s.kind == cellLSTM {
		if c0, err = floatsArg[T](in, 6, s.dirs*batch*h); err != nil {
			return nil, err
		}
		if peep, err = floatsArg[T](in, 7, s.dirs*3*h); err != nil {
			return nil, err
		}
	}
	y := make([]T, seq*s.dirs*batch*h)
	yh := make([]T, s.dirs*batch*h)
	yc := make([]T, s.dirs*batch*h)
	st := rnnState[T]{
		bx: make([]T, gh), xw: make([]T, seq*batch*gh), rec: make([]T, batch*gh),
		hs: make([]T, batch*h), cs: make([]T, batch*h),
	}
	if s.kind == cellGRU {
		st.bh, st.rh = make([]T, h), make([]T, batch*h)
	}
	wt, rt := transposed[T](s.wt, len(w)), transposed[T](s.rt, len(r))
	for d := range s.dirs {
		st.w, st.r = w[d*gh*inSize:(d+1)*gh*inSize], r[d*gh*h:(d+1)*gh*h]
		if wt != nil {
			st.wt = wt[d*gh*inSize : (d+1)*gh*inSize]
		}
		if rt != nil {
			st.rt = rt[d*gh*h : (d+1)*gh*h]
		}
		st.setBias(s, bias, d)
		st.peep = nil
		if peep != nil {
			st.peep = peep[d*3*h : (d+1)*3*h]
		}
		st.acts = s.acts[d]
		clear(st.hs)
		clear(st.cs)
		if h0 != nil {
			copy(st.hs, h0[d*batch*h:])
		}
		if c0 != nil {
			copy(st.cs, c0[d*batch*h:])
		}
		// One product projects the inputs of every step: X rows are
		// (t, b) pairs in either layout, and xw keeps X's row order.
		st.mulWeights(seq*batch, 0, gh, inSize, xv, st.w, st.wt, st.xw)
		for i := 0; i < len(st.xw); i += gh {
			addTo(st.xw[i:i+gh], st.bx)
		}
		reverse := s.reverse || d == 1
		for step := range seq {
			st.step(s, batch, h, func(b int) (row int, ok bool) {
				n := lens[b]
				if step >= n {
					return 0, false
				}
				t := step
				if reverse {
					t = n - 1 - step
				}
				if s.batchFirst {
					return b*seq + t, true
				}
				return t*batch + b, true
			}, func(b, row int) {
				yi := (row*s.dirs + d) * h
				if !s.batchFirst {
					t := row / batch
					yi = ((t*s.dirs+d)*batch + b) * h
				}
				copy(y[yi:yi+h], st.hs[b*h:(b+1)*h])
			})
		}
		copy(yh[d*batch*h:], st.hs)
		copy(yc[d*batch*h:], st.cs)
	}
	yShape, hShape := []int{seq, s.dirs, batch, h}, []int{s.dirs, batch, h}
	if s.batchFirst {
		yShape, hShape = []int{batch, seq, s.dirs, h}, []int{batch, s.dirs, h}
		yh, yc = swap01(yh, s.dirs, batch, h), swap01(yc, s.dirs, batch, h)
	}
	var res []Value
	for i, o := range []struct {
		shape []int
		v     []T
	}{{yShape, y}, {hShape, yh}, {hShape, yc}}[:min(outputs, s.kind.nOutputs())] {
		t, err := tensor.New(o.shape, o.v)
		if err != nil {
			return nil, err
		}
		if t, err = Cast(t, x.DType()); err != nil {
			return nil, fmt.Errorf("output %d: %w", i, err)
		}
		res = append(res, t)
	}
	return res, nil
}

func (k rnnKind) nOutputs() int {
	if k == cellLSTM {
		return 3
	}
	return 2
}

// setBias splits direction d's biases into the part added to the input
// projections and GRU's candidate recurrent bias.
func (st *rnnState[T]) setBias(s rnnSpec, bias []T, d int) {
	clear(st.bx)
	clear(st.bh)
	if bias == nil {
		return
	}
	gh := len(st.bx)
	wb, rb := bias[d*2*gh:d*2*gh+gh], bias[d*2*gh+gh:(d+1)*2*gh]
	copy(st.bx, wb)
	recurrent := rb
	if s.kind == cellGRU {
		recurrent = rb[:gh-s.hidden]
		copy(st.bh, rb[gh-s.hidden:])
	}
	addTo(st.bx, recurrent)
}

// addTo adds src into the first len(src) values of dst.
func addTo[T float](dst, src []T) {
	for j, v := range src {
		dst[j] += v
	}
}

// swap01 turns [a, b, h] into [b, a, h].
func swap01[T float](v []T, a, b, h int) []T {
	out := make([]T, len(v))
	for i := range a {
		for j := range b {
			copy(out[(j*a+i)*h:(j*a+i+1)*h], v[(i*b+j)*h:(i*b+j+1)*h])
		}
	}
	return out
}

// step advances every batch row that row reports active by one time
// step, then hands each to emit.
func (st *rnnState[T]) step(s rnnSpec, batch, h int, row func(b int) (int, bool), emit func(b, row int)) {
	gh := len(st.bx)
	if s.kind == cellGRU && !s.linearReset {
		// R_h·(r ⊙ h) needs the reset gates of the step first.
		st.mulWeights(batch, 0, gh-h, h, st.hs, st.r, st.rt, st.rec)
		for b := range batch {
			xr, ok := row(b)
			if !ok {
				continue
			}
			r, rh, hs := st.rec[b*gh+h:b*gh+2*h], st.rh[b*h:(b+1)*h], st.hs[b*h:(b+1)*h]
			st.gate(s, 0, r, st.xw[xr*gh+h:])
			for j, v := range r {
				rh[j] = v * hs[j]
			}
		}
		st.mulWeights(batch, gh-h, h, h, st.rh, st.r, st.rt, st.rec[gh-h:])
	} else {
		st.mulWeights(batch, 0, gh, h, st.hs, st.r, st.rt, st.rec)
	}
	for b := range batch {
		xr, ok := row(b)
		if !ok {
			continue
		}
		pre, rec := st.xw[xr*gh:(xr+1)*gh], st.rec[b*gh:(b+1)*gh]
		hs, cs := st.hs[b*h:(b+1)*h], st.cs[b*h:(b+1)*h]
		switch s.kind {
		case cellRNN:
			st.gate(s, 0, rec, pre)
			copy(hs, rec)
		case cellGRU:
			st.gru(s, pre, rec, hs)
		case cellLSTM:
			st.lstm(s, pre, rec, hs, cs)
		}
		emit(b, xr)
	}
}

// mulWeights sets the first n columns of the m rows of c to a·W[j0:j0+n]ᵀ,
// where W holds gates·hidden rows of k weights, the row stride of a, and
// wt is its transpose when known (else nil); rows of c hold gates·hidden
// values.
func (st *rnnState[T]) mulWeights(m, j0, n, k int, a, w, wt, c []T) {
	gh := len(st.bx)
	if wt != nil {
		gemm.Mul(false, false, m, n, k, 1, a, k, wt[j0:], gh, 0, c, gh)
		return
	}
	gemm.Mul(false, true, m, n, k, 1, a, k, w[j0*k:], k, 0, c, gh)
}

// gate turns the recurrent products v into activations of kind k in place:
// v = f_k(clip(v + pre)).
func (st *rnnState[T]) gate(s rnnSpec, k int, v, pre []T) {
	if pre != nil {
		addTo(v, pre[:len(v)])
	}
	clipAll(v, s.clip)
	applyAct(st.acts[k], v)
}

// clipAll bounds v to [-c, c] when c > 0.
func clipAll[T float](v []T, c float64) {
	if c <= 0 {
		return
	}
	for j, x := range v {
		v[j] = T(math.Max(-c, math.Min(c, float64(x))))
	}
}

// gru updates one batch row; gate order z, r, h.
func (st *rnnState[T]) gru(s rnnSpec, pre, rec, hs []T) {
	h := len(hs)
	z, r, c := rec[:h], rec[h:2*h], rec[2*h:]
	st.gate(s, 0, z, pre)
	if s.linearReset {
		st.gate(s, 0, r, pre[h:])
		for j := range c {
			c[j] = pre[2*h+j] + r[j]*(c[j]+st.bh[j])
		}
	} else {
		// step applied the reset gate before the product.
		for j := range c {
			c[j] += pre[2*h+j] + st.bh[j]
		}
	}
	st.gate(s, 1, c, nil)
	for j := range hs {
		hs[j] = (1-z[j])*c[j] + z[j]*hs[j]
	}
}

// lstm updates one batch row; gate order i, o, f, c, peepholes i, o, f.
func (st *rnnState[T]) lstm(s rnnSpec, pre, rec, hs, cs []T) {
	h, p := len(hs), st.peep
	addTo(rec, pre)
	i, o, ft, c := rec[:h], rec[h:2*h], rec[2*h:3*h], rec[3*h:]
	if p != nil {
		for j, v := range cs {
			i[j] += p[j] * v
			ft[j] += p[2*h+j] * v
		}
	}
	st.gate(s, 0, i, nil)
	if s.coupleIF {
		for j, v := range i {
			ft[j] = 1 - v
		}
	} else {
		st.gate(s, 0, ft, nil)
	}
	st.gate(s, 1, c, nil)
	for j := range cs {
		cs[j] = ft[j]*cs[j] + i[j]*c[j]
	}
	if p != nil {
		for j, v := range cs {
			o[j] += p[h+j] * v
		}
	}
	st.gate(s, 0, o, nil)
	// The candidate's values are spent: reuse them for f_2(c).
	copy(c, cs)
	applyAct(st.acts[2], c)
	for j := range hs {
		hs[j] = o[j] * c[j]
	}
}
