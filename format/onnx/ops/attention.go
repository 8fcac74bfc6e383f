package ops

import (
	"context"
	"fmt"
	"math"

	"github.com/slipwayml/slipway/tensor"
)

// attention holds Attention's attributes.
type attention struct {
	causal          bool
	qHeads, kvHeads int
	scale, softcap  float64
	qkMode          int64
}

// buildAttention is scaled dot-product attention (opset 23) over
// [B, heads, seq, size] or [B, seq, hidden] inputs, with a key/value cache,
// boolean or additive masks, causal masking, grouped-query heads and
// softcapping. Outputs: Y, present key and value, and the QK product at the
// stage qk_matmul_output_mode names.
func buildAttention(n *Node) (Kernel, error) {
	a := attention{
		causal: n.Int("is_causal", 0) != 0, qHeads: int(n.Int("q_num_heads", 0)), kvHeads: int(n.Int("kv_num_heads", 0)),
		scale: float64(n.Float("scale", 0)), softcap: float64(n.Float("softcap", 0)), qkMode: n.Int("qk_matmul_output_mode", 0),
	}
	return func(ctx context.Context, in []Value) ([]Value, error) { return a.run(in, n.NumOutputs) }, nil
}

// heads4 returns t as float64 [B, H, S, D]: as is when 4-D, split from
// [B, S, H·D] when 3-D.
func heads4(t *tensor.Tensor, heads int) ([]float64, [4]int, error) {
	s := t.Shape()
	switch {
	case len(s) == 4:
		v, err := t.Float64s()
		return v, [4]int{s[0], s[1], s[2], s[3]}, err
	case len(s) == 3 && heads > 0 && s[2]%heads == 0:
		r, err := t.Reshape([]int{s[0], s[1], heads, s[2] / heads})
		if err != nil {
			return nil, [4]int{}, err
		}
		p, err := transpose(r, []int64{0, 2, 1, 3})
		if err != nil {
			return nil, [4]int{}, err
		}
		v, err := p.Float64s()
		return v, [4]int{s[0], heads, s[1], s[2] / heads}, err
	}
	return nil, [4]int{}, fmt.Errorf("%w: attention input %v (heads %d)", tensor.ErrShape, s, heads)
}

// withPast prepends a [B, H, P, D] cache along the sequence axis.
func withPast(in []Value, i int, v []float64, s [4]int) ([]float64, [4]int, error) {
	past, err := optArg(in, i)
	if err != nil || past == nil {
		return v, s, err
	}
	ps := past.Shape()
	if len(ps) != 4 || ps[0] != s[0] || ps[1] != s[1] || ps[3] != s[3] {
		return nil, s, fmt.Errorf("%w: cache %v for %v", tensor.ErrShape, ps, s)
	}
	pv, err := past.Float64s()
	if err != nil {
		return nil, s, err
	}
	out := make([]float64, 0, len(pv)+len(v))
	for bh := range s[0] * s[1] {
		out = append(out, pv[bh*ps[2]*s[3]:(bh+1)*ps[2]*s[3]]...)
		out = append(out, v[bh*s[2]*s[3]:(bh+1)*s[2]*s[3]]...)
	}
	s[2] += ps[2]
	return out, s, nil
}

func (a attention) run(in []Value, outputs int) ([]Value, error) {
	var ts [3]*tensor.Tensor
	for i := range ts {
		var err error
		if ts[i], err = arg(in, i); err != nil {
			return nil, err
		}
	}
	q, qs, err := heads4(ts[0], a.qHeads)
	if err != nil {
		return nil, err
	}
	k, ks, err := heads4(ts[1], a.kvHeads)
	if err != nil {
		return nil, err
	}
	v, vs, err := heads4(ts[2], a.kvHeads)
	if err != nil {
		return nil, err
	}
	var pastLen int
	if p, _ := optArg(in, 4); p != nil && len(p.Shape()) == 4 {
		pastLen = p.Shape()[2]
	}
	if k, ks, err = withPast(in, 4, k, ks); err != nil {
		return nil, err
	}
	if v, vs, err = withPast(in, 5, v, vs); err != nil {
		return nil, err
	}
	b, hq, sq, d := qs[0], qs[1], qs[2], qs[3]
	hkv, skv, dv := ks[1], ks[2], vs[3]
	if ks[0] != b || vs[0] != b || ks[3] != d || vs[1] != hkv || vs[2] != skv || hkv == 0 || hq%hkv != 0 {
		return nil, fmt.Errorf("%w: Q %v, K %v and V %v do not match", tensor.ErrShape, qs, ks, vs)
	}
	bias, err := a.bias(in, b, hq, sq, skv, pastLen)
	if err != nil {
		return nil, err
	}
	scale := a.scale
	if scale == 0 {
		scale = 1 / math.Sqrt(float64(d))
	}
	y := make([]float64, b*hq*sq*dv)
	qk := make([]float64, b*hq*sq*skv)
	probs := make([]float64, skv)
	for bi := range b {
		for h := range hq {
			kh := h / (hq / hkv)
			for i := range sq {
				qrow := q[((bi*hq+h)*sq+i)*d:][:d]
				for j := range skv {
					krow := k[((bi*hkv+kh)*skv+j)*d:][:d]
					var s float64
					for x := range d {
						s += qrow[x] * krow[x]
					}
					s *= scale
					if a.softcap > 0 {
						s = a.softcap * math.Tanh(s/a.softcap)
					}
					qk[((bi*hq+h)*sq+i)*skv+j] = s
					probs[j] = s + bias[((bi*hq+h)*sq+i)*skv+j]
					if a.qkMode == 2 {
						qk[((bi*hq+h)*sq+i)*skv+j] = probs[j]
					}
				}
				if allMasked(probs) {
					clear(probs) // a fully masked row attends to nothing
				} else {
					softmaxLine(probs, skv, 1, kindSoftmax)
				}
				if a.qkMode == 3 {
					copy(qk[((bi*hq+h)*sq+i)*skv:], probs)
				}
				out := y[((bi*hq+h)*sq+i)*dv:][:dv]
				for j, p := range probs {
					vrow := v[((bi*hkv+kh)*skv+j)*dv:][:dv]
					for x := range out {
						out[x] += p * vrow[x]
					}
				}
			}
		}
	}
	yt, err := tensor.New([]int{b, hq, sq, dv}, y)
	if err != nil {
		return nil, err
	}
	if len(ts[0].Shape()) == 3 {
		if yt, err = transpose(yt, []int64{0, 2, 1, 3}); err != nil {
			return nil, err
		}
		if yt, err = yt.Reshape([]int{b, sq, hq * dv}); err != nil {
			return nil, err
		}
	}
	res := []Value{}
	for _, o := range []struct {
		shape []int
		v     []float64
	}{{nil, nil}, {ks[:], k}, {vs[:], v}, {[]int{b, hq, sq, skv}, qk}}[:min(outputs, 4)] {
		t := yt
		if o.v != nil {
			if t, err = tensor.New(o.shape, o.v); err != nil {
				return nil, err
			}
		}
		if t, err = Cast(t, ts[0].DType()); err != nil {
			return nil, err
		}
		res = append(res, t)
	}
	return res, nil
}

// bias returns the additive [B, Hq, Sq, Skv] mask: the attention mask
// (boolean masks become 0/-Inf, short masks are padded with -Inf), causal
// masking offset by the cache length, and the non-padding lengths.
func (a attention) bias(in []Value, b, hq, sq, skv, past int) ([]float64, error) {
	shape := []int{b, hq, sq, skv}
	bias := make([]float64, b*hq*sq*skv)
	mt, err := optArg(in, 3)
	if err != nil {
		return nil, err
	}
	if mt != nil {
		m, err := mt.Float64s()
		if err != nil {
			return nil, err
		}
		ms := append([]int(nil), mt.Shape()...)
		if len(ms) == 0 || ms[len(ms)-1] > skv {
			return nil, fmt.Errorf("%w: mask %v for %d keys", tensor.ErrShape, ms, skv)
		}
		isBool := mt.DType() == tensor.Bool
		if isBool {
			for i, x := range m {
				m[i] = 0
				if x == 0 {
					m[i] = math.Inf(-1)
				}
			}
		}
		// Pad the last axis to skv with -Inf.
		if w := ms[len(ms)-1]; w < skv {
			rows := len(m) / max(w, 1)
			padded := make([]float64, 0, rows*skv)
			for r := range rows {
				padded = append(padded, m[r*w:(r+1)*w]...)
				for range skv - w {
					padded = append(padded, math.Inf(-1))
				}
			}
			m, ms[len(ms)-1] = padded, skv
		}
		if len(ms) > 4 {
			return nil, fmt.Errorf("%w: mask %v", tensor.ErrShape, ms)
		}
		if _, err := broadcastShape(ms, shape); err != nil {
			return nil, err
		}
		for i, j := range broadcastIndex(ms, shape) {
			bias[i] = m[j]
		}
	}
	var nonpad []int64
	if t, err := optArg(in, 6); err != nil {
		return nil, err
	} else if t != nil {
		if nonpad, err = int64s(t); err != nil || len(nonpad) != b {
			return nil, fmt.Errorf("nonpad_kv_seqlen: want %d lengths", b)
		}
	}
	for bi := range b {
		offset := past
		if past == 0 && nonpad != nil {
			offset = int(nonpad[bi]) - sq
		}
		for h := range hq {
			for i := range sq {
				row := bias[((bi*hq+h)*sq+i)*skv:][:skv]
				for j := range row {
					if a.causal && j > i+offset || nonpad != nil && int64(j) >= nonpad[bi] {
						row[j] = math.Inf(-1)
					}
				}
			}
		}
	}
	return bias, nil
}

func allMasked(v []float64) bool {
	for _, x := range v {
		if !math.IsInf(x, -1) {
			return false
		}
	}
	return true
}
