package ops

import "testing"

// BenchmarkLSTM is the bench harness's recurrent layer: 64 inputs, hidden
// 128, a sequence of 32 at batch 1, with biases. The weights are constant
// initializers, as in exported models.
func BenchmarkLSTM(b *testing.B) {
	const seq, in, h = 32, 64, 128
	w, r, bias := benchFloat32(b, 1, 4*h, in), benchFloat32(b, 1, 4*h, h), benchFloat32(b, 1, 8*h)
	n := &Node{Op: "LSTM", NumOutputs: 3, Attrs: map[string]Attr{"hidden_size": {Kind: AttrInt, I: h}},
		Consts: []Value{nil, w, r, bias}, Keep: keepAll}
	macs := seq * 4 * h * (in + h)
	benchKernel(b, n, buildLSTM, macs, benchFloat32(b, seq, 1, in), w, r, bias)
}
