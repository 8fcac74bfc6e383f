package tensor

import (
	"encoding/hex"
	"testing"
)

// TestBinaryNumpy checks the V2 binary layout against numpy's tobytes for
// every dtype, both ways.
func TestBinaryNumpy(t *testing.T) {
	for _, tt := range readNumpyRef(t).Binary {
		dt, err := ParseDType(tt.DType)
		if err != nil {
			t.Fatal(err)
		}
		want, err := FromFlat(parseJSON(t, tt.JSON), tt.Shape, dt)
		if err != nil {
			t.Fatalf("%s %s: %v", tt.DType, tt.JSON, err)
		}
		if got := hex.EncodeToString(want.AppendBinary(nil)); got != tt.Hex {
			t.Errorf("%s AppendBinary = %s, numpy %s", tt.DType, got, tt.Hex)
		}
		raw, _ := hex.DecodeString(tt.Hex)
		got, err := FromBinary(raw, tt.Shape, dt)
		if err != nil {
			t.Errorf("%s FromBinary(%s): %v", tt.DType, tt.Hex, err)
			continue
		}
		checkSame(t, tt.DType, got, want)
	}
}

func TestFromBinaryErrors(t *testing.T) {
	for _, tt := range []struct {
		hex   string
		shape []int
		dt    DType
		err   string
	}{
		{"0000", []int{1}, Float32, "binary data has 2 bytes, shape [1] of FP32 needs 4"},
		{"000000000000", []int{1}, Float32, "binary data has 6 bytes, shape [1] of FP32 needs 4"},
		{"0102", []int{2}, Bool, "element 1: BOOL byte is 2, want 0 or 1"},
		{"00", []int{-1}, Uint8, "invalid shape: dimension 0 is negative (-1)"},
		{"00", []int{1 << 40}, Uint8, "invalid shape: [1099511627776] has 1099511627776 elements, more than the limit of 2147483648"},
		{"00", []int{1}, Invalid, "cannot decode binary data as INVALID"},
		{"0100000061", []int{2}, String, "binary data has 5 bytes, too few for 2 BYTES elements"},
		{"05000000616263", []int{1}, String, "element 0: length 5 at byte 0 runs past the end of the 7-byte buffer"},
		{"ffffffff00000000", []int{2}, String, "element 0: length 4294967295 at byte 0 runs past the end of the 8-byte buffer"},
		{"000000000000", []int{1}, String, "binary data has 2 bytes after the 1 BYTES elements"},
		{"00000000000000", []int{1, 1}, String, "binary data has 3 bytes after the 1 BYTES elements"},
		{"0000000000000000000000", []int{2}, String, "binary data has 3 bytes after the 2 BYTES elements"},
		{"01000000610000", []int{2}, String, "binary data has 7 bytes, too few for 2 BYTES elements"},
		{"0100000061000000", []int{2}, String, "element 1: binary data ends inside its 4-byte length at byte 5"},
	} {
		raw, err := hex.DecodeString(tt.hex)
		if err != nil {
			t.Fatal(err)
		}
		got, err := FromBinary(raw, tt.shape, tt.dt)
		if err == nil || err.Error() != tt.err {
			t.Errorf("FromBinary(%s, %v, %v) = %v, %v; want error %q", tt.hex, tt.shape, tt.dt, got, err, tt.err)
		}
	}
}

func TestBinaryRoundTrip(t *testing.T) {
	for _, tt := range fromNestedTests {
		x, err := FromNested(parseJSON(t, tt.in), tt.dt)
		if err != nil {
			t.Fatalf("FromNested(%s): %v", tt.in, err)
		}
		checkBinaryRoundTrip(t, x)
	}
}

func checkBinaryRoundTrip(t *testing.T, x *Tensor) {
	t.Helper()
	raw := x.AppendBinary(nil)
	y, err := FromBinary(raw, x.Shape(), x.DType())
	if err != nil {
		t.Fatalf("%v: FromBinary(%x): %v", x, raw, err)
	}
	checkSame(t, x.String(), y, x)
}

// FuzzFromBinary checks FromBinary never panics and that whatever it
// accepts encodes back to the same bytes.
func FuzzFromBinary(f *testing.F) {
	f.Add([]byte{1, 0, 0, 0, 'a', 0, 0, 0, 0}, uint8(String), 2)
	f.Add([]byte{0, 1, 1}, uint8(Bool), 3)
	f.Add([]byte{0, 0, 0x80, 0x3f}, uint8(Float32), 1)
	f.Add([]byte{0, 0x3c, 0, 0x7c}, uint8(Float16), 2)
	f.Add([]byte{1, 2, 3, 4, 5, 6, 7, 8}, uint8(Int64), 1)
	f.Fuzz(func(t *testing.T, raw []byte, dt uint8, n int) {
		x, err := FromBinary(raw, []int{n}, DType(dt))
		if err != nil {
			return
		}
		if got := x.AppendBinary(nil); string(got) != string(raw) {
			t.Fatalf("FromBinary(%x) encodes back as %x", raw, got)
		}
	})
}
