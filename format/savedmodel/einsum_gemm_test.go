package savedmodel

import (
	"slices"
	"strings"
	"testing"

	"github.com/slipwayml/slipway/format/savedmodel/tfpb"
	"github.com/slipwayml/slipway/tensor"
)

// TestEinsumProduct checks Einsums mapped to gemm against the general
// element-by-element path: exactly in float64 (the operands are
// multiples of 1/8, so every order of summation is exact) and to 1e-5 in
// float32. gemm says whether the equation must be mapped.
func TestEinsumProduct(t *testing.T) {
	for _, c := range []struct {
		eq   string
		x, y []int
		gemm bool
	}{
		// Keras's EinsumDense and MultiHeadAttention.
		{"abc,cde->abde", []int{2, 3, 4}, []int{4, 5, 6}, true},
		{"aecd,abcd->acbe", []int{2, 5, 3, 4}, []int{2, 6, 3, 4}, true},
		{"acbe,aecd->abcd", []int{2, 3, 6, 5}, []int{2, 5, 3, 4}, true},
		{"abcd,cde->abe", []int{2, 3, 4, 5}, []int{4, 5, 6}, true},
		{"...ij,...jk->...ik", []int{2, 3, 4, 5}, []int{2, 3, 5, 6}, true},
		// Broadcast batch dimensions become m and n ones.
		{"...ij,...jk->...ik", []int{2, 1, 4, 5}, []int{3, 5, 6}, true},
		{"bij,bjk->bik", []int{1, 4, 5}, []int{3, 5, 6}, true},
		// Operands and outputs in layouts gemm reads as they are, and not.
		{"ij,jk->ki", []int{4, 5}, []int{5, 6}, true},
		{"bij,bkj->bik", []int{3, 4, 5}, []int{3, 6, 5}, true},
		{"bji,bjk->bik", []int{3, 5, 4}, []int{3, 5, 6}, true},
		{"ij,jk", []int{4, 5}, []int{5, 6}, true},
		// k labels in two orders: the smaller operand is transposed.
		{"abcd,dce->abe", []int{1, 2, 3, 4}, []int{4, 3, 50}, true},
		{"abcd,dce->abe", []int{30, 2, 3, 4}, []int{4, 3, 5}, true},
		{"aib,bj->ija", []int{2, 3, 4}, []int{4, 5}, true},
		{"bij,jbk->bik", []int{3, 4, 5}, []int{5, 3, 6}, true},
		// No m, n or k labels.
		{"ab,ab->a", []int{3, 4}, []int{3, 4}, true},
		{"ab,cd->abcd", []int{2, 3}, []int{4, 5}, true},
		{"ab,ab->ab", []int{3, 4}, []int{3, 4}, true},
		// Empty operands.
		{"abc,cde->abde", []int{2, 0, 4}, []int{4, 5, 6}, false},
		{"abc,cde->abde", []int{2, 3, 0}, []int{0, 5, 6}, false},
		// No matrix products.
		{"ii,ij->j", []int{3, 3}, []int{3, 4}, false},
		{"ab,bc->c", []int{3, 4}, []int{4, 5}, false},
		{"ab,bc->ac", []int{3, 1}, []int{4, 5}, false},
	} {
		for _, dt := range []tensor.DType{tensor.Float32, tensor.Float64} {
			t.Run(c.eq+"/"+dt.String(), func(t *testing.T) {
				in := []*tensor.Tensor{rampOf(t, dt, c.x), rampOf(t, dt, c.y)}
				e, err := parseEinsum(c.eq, in)
				if err != nil {
					t.Fatal(err)
				}
				if _, ok := e.product(in); ok != c.gemm {
					t.Fatalf("mapped to gemm: %v, want %v", ok, c.gemm)
				}
				want, err := e.sum(in)
				if err != nil {
					t.Fatal(err)
				}
				got, err := runOp("Einsum", map[string]*tfpb.AttrValue{"equation": sattr(c.eq)}, 1, in...)
				if err != nil {
					t.Fatal(err)
				}
				g, _ := got[0].Float64s()
				w, _ := want.Float64s()
				same := slices.Equal(g, w)
				if dt == tensor.Float32 {
					same = near(g, w, 1e-5)
				}
				if got[0].DType() != dt || !slices.Equal(got[0].Shape(), want.Shape()) || !same {
					t.Errorf("got %v %v %v, want %v %v %v", got[0].DType(), got[0].Shape(), g, dt, want.Shape(), w)
				}
			})
		}
	}
}

// TestEinsumProductTypes checks that only float32 and float64 operands
// are mapped to gemm.
func TestEinsumProductTypes(t *testing.T) {
	for _, in := range [][]*tensor.Tensor{
		{rampOf(t, tensor.Float16, []int{2, 3}), rampOf(t, tensor.Float16, []int{3, 4})},
		{mustT([]int{2, 3}, make([]int32, 6)...), mustT([]int{3, 4}, make([]int32, 12)...)},
	} {
		e, err := parseEinsum("ab,bc->ac", in)
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := e.product(in); ok {
			t.Errorf("%v operands mapped to gemm", in[0].DType())
		}
	}
}

// FuzzEinsumProduct checks that every two-operand equation mapped to gemm
// computes what the general path does; dims gives the operands' dimensions
// in turn, 0 to 3 each.
func FuzzEinsumProduct(f *testing.F) {
	f.Add("aecd,abcd->acbe", []byte{2, 3, 3, 2, 2, 1, 3, 2})
	f.Add("acbe,aecd->abcd", []byte{1, 3, 2, 2, 1, 2, 3, 3})
	f.Add("aib,bj->ija", []byte{2, 3, 1, 1, 3})
	// Once read as a rank-2 operand with one ellipsis label.
	f.Add("Ā,", []byte("22"))
	f.Fuzz(func(t *testing.T, eq string, dims []byte) {
		lhs, _, _ := strings.Cut(eq, "->")
		subs := strings.Split(lhs, ",")
		if len(subs) != 2 || len(eq) > 16 || strings.Contains(eq, ".") {
			return
		}
		var in []*tensor.Tensor
		for _, s := range subs {
			shape := make([]int, len(s))
			for d := range shape {
				if len(dims) > 0 {
					shape[d], dims = int(dims[0]%4), dims[1:]
				}
			}
			in = append(in, ramp(shape))
		}
		e, err := parseEinsum(eq, in)
		if err != nil {
			return
		}
		p, ok := e.product(in)
		if !ok {
			return
		}
		got, err := p.compute(in[0], in[1])
		if err != nil {
			t.Fatal(err)
		}
		want, err := e.sum(in)
		if err != nil {
			t.Fatal(err)
		}
		g, _ := got.Float64s()
		w, _ := want.Float64s()
		if !slices.Equal(got.Shape(), want.Shape()) || !near(g, w, 1e-5) {
			t.Errorf("got %v %v, want %v %v", got.Shape(), g, want.Shape(), w)
		}
	})
}

// rampOf is ramp converted to dt.
func rampOf(t *testing.T, dt tensor.DType, shape []int) *tensor.Tensor {
	x, err := ramp(shape).Convert(dt)
	if err != nil {
		t.Fatal(err)
	}
	return x
}

// TestEinsumProductLayout checks which operands are transposed before
// gemm and whether the output is transposed after it: Keras's Einsums
// need neither, and of two k label orders the one copying fewer elements
// wins.
func TestEinsumProductLayout(t *testing.T) {
	for _, c := range []struct {
		eq                    string
		x, y                  []int
		permA, permB, permOut bool
	}{
		{"abc,cde->abde", []int{2, 3, 4}, []int{4, 5, 6}, false, false, false},
		{"abcd,cde->abe", []int{2, 3, 4, 5}, []int{4, 5, 6}, false, false, false},
		{"aecd,abcd->acbe", []int{2, 5, 3, 4}, []int{2, 6, 3, 4}, false, false, false},
		{"acbe,aecd->abcd", []int{2, 3, 6, 5}, []int{2, 5, 3, 4}, false, false, false},
		{"abcd,dce->abe", []int{1, 2, 3, 4}, []int{4, 3, 50}, true, false, false},
		{"abcd,dce->abe", []int{30, 2, 3, 4}, []int{4, 3, 5}, false, true, false},
		{"aib,bj->ija", []int{2, 3, 4}, []int{4, 5}, true, false, true},
	} {
		t.Run(c.eq, func(t *testing.T) {
			in := []*tensor.Tensor{ramp(c.x), ramp(c.y)}
			e, err := parseEinsum(c.eq, in)
			if err != nil {
				t.Fatal(err)
			}
			p, ok := e.product(in)
			if !ok {
				t.Fatal("not mapped to gemm")
			}
			if (p.ma.perm != nil) != c.permA || (p.mb.perm != nil) != c.permB || (p.permOut != nil) != c.permOut {
				t.Errorf("transposed: %v, %v, output %v; want %v, %v, %v", p.ma.perm, p.mb.perm, p.permOut, c.permA, c.permB, c.permOut)
			}
		})
	}
}
