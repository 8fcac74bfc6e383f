package ops

import (
	"context"
	"fmt"
	"math"

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

// rnnActivation returns a named activation with its alpha and beta.
func rnnActivation(name string, alpha, beta float64, hasAlpha, hasBeta bool) (func(float64) float64, error) {
	def := func(v float64, has bool, d float64) float64 {
		if has {
			return v
		}
		return d
	}
	switch name {
	case "Sigmoid":
		return sigmoid, nil
	case "Tanh":
		return math.Tanh, nil
	case "Relu":
		return func(x float64) float64 { return math.Max(x, 0) }, nil
	case "Softsign":
		return func(x float64) float64 { return x / (1 + math.Abs(x)) }, nil
	case "Softplus":
		return softplus, nil
	case "HardSigmoid":
		a, b := def(alpha, hasAlpha, 0.2), def(beta, hasBeta, 0.5)
		return func(x float64) float64 { return math.Max(0, math.Min(1, a*x+b)) }, nil
	case "LeakyRelu":
		a := def(alpha, hasAlpha, 0.01)
		return func(x float64) float64 {
			if x < 0 {
				return a * x
			}
			return x
		}, nil
	case "ThresholdedRelu":
		a := def(alpha, hasAlpha, 1)
		return func(x float64) float64 {
			if x > a {
				return x
			}
			return 0
		}, nil
	case "Elu":
		a := def(alpha, hasAlpha, 1)
		return func(x float64) float64 {
			if x < 0 {
				return a * (math.Exp(x) - 1)
			}
			return x
		}, nil
	case "Affine":
		a, b := def(alpha, hasAlpha, 1), def(beta, hasBeta, 0)
		return func(x float64) float64 { return a*x + b }, nil
	case "ScaledTanh":
		a, b := def(alpha, hasAlpha, 1), def(beta, hasBeta, 1)
		return func(x float64) float64 { return a * math.Tanh(b*x) }, nil
	}
	return nil, fmt.Errorf("unknown activation %q", name)
}

// rnnSpec is a recurrent node's attributes.
type rnnSpec struct {
	kind        rnnKind
	hidden      int
	dirs        int
	reverse     bool // the single direction is reverse
	acts        [][]func(float64) float64
	clip        float64
	linearReset bool
	coupleIF    bool
	batchFirst  bool
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
			var fs []func(float64) float64
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
				fs = append(fs, f)
			}
			s.acts = append(s.acts, fs)
		}
		return func(ctx context.Context, in []Value) ([]Value, error) { return s.run(in, n.NumOutputs) }, nil
	}
}

var (
	buildRNN  = buildRecurrent(cellRNN)
	buildGRU  = buildRecurrent(cellGRU)
	buildLSTM = buildRecurrent(cellLSTM)
)

// floatsArg reads optional input i as float64 with the wanted length.
func floatsArg(in []Value, i, want int) ([]float64, error) {
	t, err := optArg(in, i)
	if err != nil || t == nil {
		return nil, err
	}
	v, err := t.Float64s()
	if err != nil {
		return nil, err
	}
	if len(v) != want {
		return nil, fmt.Errorf("%w: input %d has %d values, want %d", tensor.ErrShape, i, len(v), want)
	}
	return v, nil
}

func (s rnnSpec) run(in []Value, outputs int) ([]Value, error) {
	x, err := arg(in, 0)
	if err != nil {
		return nil, err
	}
	xs := x.Shape()
	if len(xs) != 3 {
		return nil, fmt.Errorf("%w: X is %v, want rank 3", tensor.ErrShape, xs)
	}
	seq, batch, inSize := xs[0], xs[1], xs[2]
	if s.batchFirst {
		seq, batch = batch, seq
	}
	h, g := s.hidden, s.kind.gates()
	xv, err := x.Float64s()
	if err != nil {
		return nil, err
	}
	w, err := floatsArg(in, 1, s.dirs*g*h*inSize)
	if err != nil || w == nil {
		return nil, fmt.Errorf("W: %v", err)
	}
	r, err := floatsArg(in, 2, s.dirs*g*h*h)
	if err != nil || r == nil {
		return nil, fmt.Errorf("R: %v", err)
	}
	bias, err := floatsArg(in, 3, s.dirs*2*g*h)
	if err != nil {
		return nil, err
	}
	var lens []int64
	if t, err := optArg(in, 4); err != nil {
		return nil, err
	} else if t != nil {
		if lens, err = int64s(t); err != nil || len(lens) != batch {
			return nil, fmt.Errorf("sequence_lens: want %d lengths", batch)
		}
	}
	h0, err := floatsArg(in, 5, s.dirs*batch*h)
	if err != nil {
		return nil, err
	}
	var c0, peep []float64
	if s.kind == cellLSTM {
		if c0, err = floatsArg(in, 6, s.dirs*batch*h); err != nil {
			return nil, err
		}
		if peep, err = floatsArg(in, 7, s.dirs*3*h); err != nil {
			return nil, err
		}
	}
	y := make([]float64, seq*s.dirs*batch*h)
	yh := make([]float64, s.dirs*batch*h)
	yc := make([]float64, s.dirs*batch*h)
	xAt := func(t, b int) []float64 {
		if s.batchFirst {
			return xv[(b*seq+t)*inSize : (b*seq+t+1)*inSize]
		}
		return xv[(t*batch+b)*inSize : (t*batch+b+1)*inSize]
	}
	for d := range s.dirs {
		wd, rd := w[d*g*h*inSize:(d+1)*g*h*inSize], r[d*g*h*h:(d+1)*g*h*h]
		var bd, pd []float64
		if bias != nil {
			bd = bias[d*2*g*h : (d+1)*2*g*h]
		}
		if peep != nil {
			pd = peep[d*3*h : (d+1)*3*h]
		}
		reverse := s.reverse || d == 1
		for b := range batch {
			n := seq
			if lens != nil {
				n = int(min(max(lens[b], 0), int64(seq)))
			}
			hs, cs := make([]float64, h), make([]float64, h)
			if h0 != nil {
				copy(hs, h0[(d*batch+b)*h:])
			}
			if c0 != nil {
				copy(cs, c0[(d*batch+b)*h:])
			}
			for step := range n {
				t := step
				if reverse {
					t = n - 1 - step
				}
				s.cell(xAt(t, b), hs, cs, wd, rd, bd, pd, s.acts[d])
				yi := ((t*s.dirs+d)*batch + b) * h
				if s.batchFirst {
					yi = ((b*seq+t)*s.dirs + d) * h
				}
				copy(y[yi:yi+h], hs)
			}
			copy(yh[(d*batch+b)*h:], hs)
			copy(yc[(d*batch+b)*h:], cs)
		}
	}
	yShape, hShape := []int{seq, s.dirs, batch, h}, []int{s.dirs, batch, h}
	if s.batchFirst {
		yShape, hShape = []int{batch, seq, s.dirs, h}, []int{batch, s.dirs, h}
		yh, yc = swap01(yh, s.dirs, batch, h), swap01(yc, s.dirs, batch, h)
	}
	var res []Value
	for i, o := range []struct {
		shape []int
		v     []float64
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

// swap01 turns [a, b, h] into [b, a, h].
func swap01(v []float64, a, b, h int) []float64 {
	out := make([]float64, len(v))
	for i := range a {
		for j := range b {
			copy(out[(j*a+i)*h:(j*a+i+1)*h], v[(i*b+j)*h:(i*b+j+1)*h])
		}
	}
	return out
}

// cell advances the hidden state hs (and LSTM cell state cs) by one input
// x in place.
func (s rnnSpec) cell(x, hs, cs, w, r, b, p []float64, f []func(float64) float64) {
	h, g := s.hidden, s.kind.gates()
	inSize := len(x)
	// pre[j] = W_j·x + Wb_j + Rb_j, and rec[j] = R_j·h, per gate row j.
	pre, rec := make([]float64, g*h), make([]float64, g*h)
	for j := range g * h {
		v := 0.0
		for k, xv := range x {
			v += w[j*inSize+k] * xv
		}
		if b != nil {
			v += b[j]
		}
		pre[j] = v
		rv := 0.0
		for k, hv := range hs {
			rv += r[j*h+k] * hv
		}
		if b != nil {
			rv += b[g*h+j]
		}
		rec[j] = rv
	}
	clip := func(v float64) float64 {
		if s.clip > 0 {
			return math.Max(-s.clip, math.Min(s.clip, v))
		}
		return v
	}
	switch s.kind {
	case cellRNN:
		for j := range h {
			hs[j] = f[0](clip(pre[j] + rec[j]))
		}
	case cellGRU:
		// Gate order z, r, h.
		next := make([]float64, h)
		for j := range h {
			z := f[0](clip(pre[j] + rec[j]))
			rt := f[0](clip(pre[h+j] + rec[h+j]))
			var cand float64
			if s.linearReset {
				cand = pre[2*h+j] + rt*rec[2*h+j]
			} else {
				// R_h·(r ⊙ h) needs the reset gates of every unit first.
				cand = pre[2*h+j]
			}
			next[j] = cand
			pre[j], pre[h+j] = z, rt
		}
		if !s.linearReset {
			for j := range h {
				v := 0.0
				for k, hv := range hs {
					v += r[(2*h+j)*h+k] * pre[h+k] * hv
				}
				if b != nil {
					v += b[g*h+2*h+j]
				}
				next[j] += v
			}
		}
		for j := range h {
			cand := f[1](clip(next[j]))
			hs[j] = (1-pre[j])*cand + pre[j]*hs[j]
		}
	case cellLSTM:
		// Gate order i, o, f, c; peepholes i, o, f.
		peep := func(k, j int, c float64) float64 {
			if p == nil {
				return 0
			}
			return p[k*h+j] * c
		}
		for j := range h {
			i := f[0](clip(pre[j] + rec[j] + peep(0, j, cs[j])))
			ft := f[0](clip(pre[2*h+j] + rec[2*h+j] + peep(2, j, cs[j])))
			if s.coupleIF {
				ft = 1 - i
			}
			c := f[1](clip(pre[3*h+j] + rec[3*h+j]))
			cs[j] = ft*cs[j] + i*c
			o := f[0](clip(pre[h+j] + rec[h+j] + peep(1, j, cs[j])))
			hs[j] = o * f[2](cs[j])
		}
	}
}
