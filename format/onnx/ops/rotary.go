package ops

import (
	"context"
	"fmt"

	"github.com/slipwayml/slipway/tensor"
)

// buildRotaryEmbedding rotates pairs of each head's first rotary dims by the
// cached angles of its position: halves (x[i], x[i+r/2]) or, interleaved,
// neighbours (x[2i], x[2i+1]). Input is [B, H, S, D] or [B, S, H·D].
func buildRotaryEmbedding(n *Node) (Kernel, error) {
	interleaved := n.Int("interleaved", 0) != 0
	heads, rdim := int(n.Int("num_heads", 0)), int(n.Int("rotary_embedding_dim", 0))
	return withInput(func(ctx context.Context, x *tensor.Tensor, in []Value) ([]Value, error) {
		var cache [2][]float64
		var cacheShape []int
		for i := range cache {
			c, err := arg(in, i+1)
			if err != nil {
				return nil, err
			}
			if cache[i], err = c.Float64s(); err != nil {
				return nil, err
			}
			cacheShape = c.Shape()
		}
		var pos []int64
		if p, err := optArg(in, 3); err != nil {
			return nil, err
		} else if p != nil {
			if pos, err = int64s(p); err != nil {
				return nil, err
			}
		}
		s := x.Shape()
		var b, h, seq, d int
		threeD := len(s) == 3
		switch {
		case len(s) == 4:
			b, h, seq, d = s[0], s[1], s[2], s[3]
		case threeD && heads > 0 && s[2]%heads == 0:
			b, seq, h, d = s[0], s[1], heads, s[2]/heads
		default:
			return nil, fmt.Errorf("%w: input %v (num_heads %d)", tensor.ErrShape, s, heads)
		}
		half := cacheShape[len(cacheShape)-1]
		r := rdim
		if r == 0 {
			r = d
		}
		if 2*half != r || r > d {
			return nil, fmt.Errorf("%w: cache of %d angles for rotary dimension %d of %d", tensor.ErrShape, half, r, d)
		}
		v, err := x.Float64s()
		if err != nil {
			return nil, err
		}
		out := append([]float64(nil), v...)
		for bi := range b {
			for si := range seq {
				row := bi*seq + si // cache row without position ids
				if pos != nil {
					if len(pos) != b*seq || pos[bi*seq+si] < 0 || int(pos[bi*seq+si])*half >= len(cache[0]) {
						return nil, fmt.Errorf("position ids do not index the cache")
					}
					row = int(pos[bi*seq+si])
				}
				if (row+1)*half > len(cache[0]) {
					return nil, fmt.Errorf("%w: cache %v is too short", tensor.ErrShape, cacheShape)
				}
				cos, sin := cache[0][row*half:(row+1)*half], cache[1][row*half:(row+1)*half]
				for hi := range h {
					base := ((bi*h+hi)*seq + si) * d
					if threeD {
						base = ((bi*seq+si)*h + hi) * d
					}
					for i := range half {
						p, q := base+i, base+i+half
						if interleaved {
							p, q = base+2*i, base+2*i+1
						}
						x1, x2 := v[p], v[q]
						out[p] = x1*cos[i] - x2*sin[i]
						out[q] = x2*cos[i] + x1*sin[i]
					}
				}
			}
		}
		f, err := tensor.New(s, out)
		if err != nil {
			return nil, err
		}
		return result(Cast(f, x.DType()))
	}), nil
}
