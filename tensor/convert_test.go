package tensor

import (
	"math"
	"testing"
)

// TestFloat32ToHalf checks rounding against numpy's float32 -> float16 cast
// (testdata/numpy_ref.json): ties to even, subnormals, overflow to Inf.
func TestFloat32ToHalf(t *testing.T) {
	ref := readNumpyRef(t).FP16
	for i, b := range ref.Float32Bits {
		f := math.Float32frombits(b)
		if got, want := Float32ToHalf(f), ref.Float16Bits[i]; got != want {
			t.Errorf("Float32ToHalf(%g) = %#04x, numpy %#04x", f, got, want)
		}
	}
}

func TestFloat32ToHalfRoundTrip(t *testing.T) {
	// Every half converts to float32 and back to itself.
	for h := range 1 << 16 {
		f := HalfToFloat32(uint16(h))
		got := Float32ToHalf(f)
		if f != f { // NaN: any NaN will do, and the sign stays
			if got&0x7c00 != 0x7c00 || got&0x3ff == 0 || got&0x8000 != uint16(h)&0x8000 {
				t.Errorf("NaN %#04x became %#04x", h, got)
			}
			continue
		}
		if got != uint16(h) {
			t.Errorf("half %#04x -> %g -> %#04x", h, f, got)
		}
	}
}

func TestConvert(t *testing.T) {
	half := func(bits ...uint16) *Tensor {
		x, err := NewFloat16([]int{len(bits)}, bits)
		if err != nil {
			t.Fatal(err)
		}
		return x
	}
	for _, tt := range []struct {
		name string
		x    *Tensor
		dt   DType
		want any
		err  string
	}{
		{name: "FP64 to FP32 rounds", x: mustNew(t, []int{4}, []float64{0.1, math.NaN(), math.Inf(-1), math.MaxFloat32}), dt: Float32,
			want: []float32{0.1, float32(math.NaN()), float32(math.Inf(-1)), math.MaxFloat32}},
		{name: "FP64 to FP32 overflow", x: mustNew(t, []int{2}, []float64{1, 1e39}), dt: Float32,
			err: "convert FP64 to FP32: element 1: 1e+39 is out of range for FP32"},
		{name: "FP32 to FP64", x: mustNew(t, []int{2}, []float32{0.1, -2}), dt: Float64, want: []float64{float64(float32(0.1)), -2}},
		{name: "FP16 to FP64", x: half(0x3c00, 0xfc00), dt: Float64, want: []float64{1, math.Inf(-1)}},
		{name: "FP32 to FP16", x: mustNew(t, []int{2}, []float32{0.1, 65504}), dt: Float16, want: []uint16{0x2e66, 0x7bff}},
		{name: "FP32 to FP16 overflow", x: mustNew(t, []int{1}, []float32{65520}), dt: Float16,
			err: "convert FP32 to FP16: element 0: 65520 is out of range for FP16"},
		{name: "INT64 to FP64 exact", x: mustNew(t, []int{3}, []int64{1 << 53, -1 << 53, math.MinInt64}), dt: Float64,
			want: []float64{1 << 53, -1 << 53, math.MinInt64}},
		{name: "INT64 to FP64 inexact", x: mustNew(t, []int{2}, []int64{1, 1<<53 + 1}), dt: Float64,
			err: "convert INT64 to FP64: element 1: 9007199254740993 is not exactly representable in FP64"},
		{name: "INT64 max to FP64", x: mustNew(t, []int{1}, []int64{math.MaxInt64}), dt: Float64,
			err: "convert INT64 to FP64: element 0: 9223372036854775807 is not exactly representable in FP64"},
		{name: "UINT64 max to FP64", x: mustNew(t, []int{1}, []uint64{math.MaxUint64}), dt: Float64,
			err: "convert UINT64 to FP64: element 0: 18446744073709551615 is not exactly representable in FP64"},
		{name: "UINT32 max to FP32", x: mustNew(t, []int{1}, []uint32{math.MaxUint32}), dt: Float32,
			err: "convert UINT32 to FP32: element 0: 4294967295 is not exactly representable in FP32"},
		{name: "INT32 to FP32", x: mustNew(t, []int{2}, []int32{1 << 24, 1 << 30}), dt: Float32, want: []float32{1 << 24, 1 << 30}},
		{name: "INT32 to FP32 inexact", x: mustNew(t, []int{1}, []int32{1<<24 + 1}), dt: Float32,
			err: "convert INT32 to FP32: element 0: 16777217 is not exactly representable in FP32"},
		{name: "UINT8 to FP16", x: mustNew(t, []int{2}, []uint8{255, 0}), dt: Float16, want: []uint16{0x5bf8, 0}},
		{name: "INT16 to FP16 inexact", x: mustNew(t, []int{1}, []int16{2049}), dt: Float16,
			err: "convert INT16 to FP16: element 0: 2049 is not exactly representable in FP16"},
		{name: "INT64 to UINT8", x: mustNew(t, []int{2}, []int64{0, 255}), dt: Uint8, want: []uint8{0, 255}},
		{name: "INT64 to UINT8 range", x: mustNew(t, []int{2}, []int64{0, 256}), dt: Uint8,
			err: "convert INT64 to UINT8: element 1: 256 is out of range for UINT8"},
		{name: "INT8 to UINT64 negative", x: mustNew(t, []int{1}, []int8{-1}), dt: Uint64,
			err: "convert INT8 to UINT64: element 0: -1 is out of range for UINT64"},
		{name: "UINT64 to INT64 wrap", x: mustNew(t, []int{1}, []uint64{1 << 63}), dt: Int64,
			err: "convert UINT64 to INT64: element 0: 9223372036854775808 is out of range for INT64"},
		{name: "UINT16 to INT32", x: mustNew(t, []int{1}, []uint16{65535}), dt: Int32, want: []int32{65535}},
		{name: "INT32 to INT8", x: mustNew(t, []int{2}, []int32{-128, 127}), dt: Int8, want: []int8{-128, 127}},
		{name: "FP64 to INT64", x: mustNew(t, []int{1}, []float64{1}), dt: Int64, err: "cannot convert FP64 to INT64"},
		{name: "BOOL to INT8", x: mustNew(t, []int{1}, []bool{true}), dt: Int8, err: "cannot convert BOOL to INT8"},
		{name: "INT8 to BOOL", x: mustNew(t, []int{1}, []int8{1}), dt: Bool, err: "cannot convert INT8 to BOOL"},
		{name: "BYTES to FP32", x: mustNew(t, []int{1}, []string{"1"}), dt: Float32, err: "cannot convert BYTES to FP32"},
		{name: "FP32 to BYTES", x: mustNew(t, []int{1}, []float32{1}), dt: String, err: "cannot convert FP32 to BYTES"},
	} {
		got, err := tt.x.Convert(tt.dt)
		if tt.err != "" {
			if err == nil || err.Error() != tt.err {
				t.Errorf("%s: error %v, want %q", tt.name, err, tt.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		checkTensor(t, tt.name, got, tt.x.Shape(), tt.want)
	}
}

func TestConvertSameDType(t *testing.T) {
	x := mustNew(t, []int{1}, []string{"a"})
	if got, err := x.Convert(String); got != x || err != nil {
		t.Errorf("Convert to own dtype = %p, %v; want the same tensor %p", got, err, x)
	}
}
