package ops

import "testing"

// BenchmarkConv runs convolutions of ResNet and MobileNet shapes over one
// image: 3×3s (im2col), with stride 2 too, 1×1s (straight to GEMM, or
// strided) and depthwise 3×3s on a large and a small map.
func BenchmarkConv(b *testing.B) {
	pads := Attr{Kind: AttrInts, Ints: []int64{1, 1, 1, 1}}
	stride2 := Attr{Kind: AttrInts, Ints: []int64{2, 2}}
	for _, tc := range []struct {
		name          string
		attrs         map[string]Attr
		x, w          []int
		macsPerOutput int
	}{
		{"3x3_64-64_56x56", map[string]Attr{"pads": pads}, []int{1, 64, 56, 56}, []int{64, 64, 3, 3}, 64 * 9},
		{"3x3_16-16_64x64", map[string]Attr{"pads": pads}, []int{1, 16, 64, 64}, []int{16, 16, 3, 3}, 16 * 9},
		{"3x3s2_16-32_64x64", map[string]Attr{"pads": pads, "strides": stride2}, []int{1, 16, 64, 64}, []int{32, 16, 3, 3}, 16 * 9 / 4},
		{"1x1s2_16-32_64x64", map[string]Attr{"strides": stride2}, []int{1, 16, 64, 64}, []int{32, 16, 1, 1}, 16 / 4},
		{"1x1_64-256_56x56", nil, []int{1, 64, 56, 56}, []int{256, 64, 1, 1}, 64},
		{"depthwise3x3_64_56x56", map[string]Attr{"pads": pads, "group": {Kind: AttrInt, I: 64}}, []int{1, 64, 56, 56}, []int{64, 1, 3, 3}, 9},
		{"depthwise3x3_512_7x7", map[string]Attr{"pads": pads, "group": {Kind: AttrInt, I: 512}}, []int{1, 512, 7, 7}, []int{512, 1, 3, 3}, 9},
	} {
		b.Run(tc.name, func(b *testing.B) {
			n := &Node{Op: "Conv", Attrs: tc.attrs}
			macs := tc.w[0] * tc.x[2] * tc.x[3] * tc.macsPerOutput
			benchKernel(b, n, buildConv, macs, benchFloat32(b, tc.x...), benchFloat32(b, tc.w...), benchFloat32(b, tc.w[0]))
		})
	}
}
