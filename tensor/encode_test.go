package tensor

import (
	"encoding/json"
	"math"
	"os"
	"slices"
	"strconv"
	"testing"
	"unicode/utf8"

	"github.com/slipwayml/slipway/internal/jsonvalue"
)

func mustNew[T Elem](t testing.TB, shape []int, data []T) *Tensor {
	t.Helper()
	x, err := New(shape, data)
	if err != nil {
		t.Fatal(err)
	}
	return x
}

func TestAppendJSON(t *testing.T) {
	half, err := NewFloat16([]int{4}, []uint16{0x2e66, 0x3c00, 0x7c00, 0x7e00})
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		x          *Tensor
		want, flat string
	}{
		{mustNew(t, []int{}, []float64{2.5}), `2.5`, `[2.5]`},
		{mustNew(t, []int{2, 3}, []int64{1, -2, 3, 4, 5, math.MinInt64}), `[[1,-2,3],[4,5,-9223372036854775808]]`, `[1,-2,3,4,5,-9223372036854775808]`},
		{mustNew(t, []int{2, 1, 2}, []bool{true, false, false, true}), `[[[true,false]],[[false,true]]]`, `[true,false,false,true]`},
		{mustNew(t, []int{2, 0}, []float32{}), `[[],[]]`, `[]`},
		{mustNew(t, []int{0, 2}, []float32{}), `[]`, `[]`},
		{mustNew(t, []int{3}, []float32{0.1, 1e21, 16777216}), `[0.1,1e+21,1.6777216e+07]`, `[0.1,1e+21,1.6777216e+07]`},
		{mustNew(t, []int{4}, []float64{0.1, math.NaN(), math.Inf(1), math.Inf(-1)}), `[0.1,NaN,Infinity,-Infinity]`, `[0.1,NaN,Infinity,-Infinity]`},
		{mustNew(t, []int{2}, []float64{-0.0, 1e-7}), `[0,1e-07]`, `[0,1e-07]`},
		{half, `[0.099975586,1,Infinity,NaN]`, `[0.099975586,1,Infinity,NaN]`},
		{mustNew(t, []int{2}, []int8{-128, 127}), `[-128,127]`, `[-128,127]`},
		{mustNew(t, []int{1}, []uint64{math.MaxUint64}), `[18446744073709551615]`, `[18446744073709551615]`},
		{mustNew(t, []int{1}, []uint16{65535}), `[65535]`, `[65535]`},
		{mustNew(t, []int{3}, []string{"a\"b", "é\n", "\xff"}), `["a\"b","é\n","\ufffd"]`, `["a\"b","é\n","\ufffd"]`},
		{&Tensor{}, `null`, `null`},
	} {
		if got := string(tt.x.AppendJSON(nil)); got != tt.want {
			t.Errorf("%v.AppendJSON = %s, want %s", tt.x, got, tt.want)
		}
		if got := string(tt.x.AppendFlatJSON([]byte("x"))); got != "x"+tt.flat {
			t.Errorf("%v.AppendFlatJSON = %s, want x%s", tt.x, got, tt.flat)
		}
	}
}

// TestAppendJSONShortest checks float text against numpy's shortest
// round-trip representations (testdata/numpy_ref.json).
func TestAppendJSONShortest(t *testing.T) {
	ref := readNumpyRef(t)
	f32 := make([]float32, len(ref.Shortest.Float32Bits))
	for i, b := range ref.Shortest.Float32Bits {
		f32[i] = math.Float32frombits(b)
	}
	for _, tt := range []struct {
		x    *Tensor
		want []string
	}{
		{mustNew(t, []int{len(f32)}, f32), ref.Shortest.Float32Text},
		{mustNew(t, []int{len(ref.Shortest.Float64)}, ref.Shortest.Float64), ref.Shortest.Float64Text},
	} {
		var got []string
		v := parseJSON(t, string(tt.x.AppendJSON(nil)))
		for _, e := range v.([]any) {
			got = append(got, string(e.(jsonvalue.Number)))
		}
		for i := range tt.want {
			// Same decimal value: both parse to the same float64.
			g, _ := strconv.ParseFloat(got[i], 64)
			w, _ := strconv.ParseFloat(tt.want[i], 64)
			if g != w {
				t.Errorf("%v element %d: got %s, numpy %s", tt.x.DType(), i, got[i], tt.want[i])
			}
		}
	}
}

type numpyRef struct {
	FP16 struct {
		Float32Bits []uint32 `json:"float32_bits"`
		Float16Bits []uint16 `json:"float16_bits"`
	} `json:"fp16"`
	Shortest struct {
		Float32Bits []uint32  `json:"float32_bits"`
		Float32Text []string  `json:"float32_text"`
		Float64     []float64 `json:"float64"`
		Float64Text []string  `json:"float64_text"`
	} `json:"shortest"`
	Binary []struct {
		DType string `json:"datatype"`
		Shape []int  `json:"shape"`
		JSON  string `json:"json"`
		Hex   string `json:"hex"`
	} `json:"binary"`
}

// readNumpyRef reads the answers scripts/gen_numpy_ref.py recorded from numpy.
func readNumpyRef(t *testing.T) numpyRef {
	t.Helper()
	b, err := os.ReadFile("testdata/numpy_ref.json")
	if err != nil {
		t.Fatal(err)
	}
	var ref numpyRef
	if err := json.Unmarshal(b, &ref); err != nil {
		t.Fatal(err)
	}
	return ref
}

func TestJSONRoundTrip(t *testing.T) {
	for _, tt := range fromNestedTests {
		x, err := FromNested(parseJSON(t, tt.in), tt.dt)
		if err != nil {
			t.Fatalf("FromNested(%s): %v", tt.in, err)
		}
		checkJSONRoundTrip(t, x)
	}
}

// checkJSONRoundTrip encodes x nested and flat, decodes both with x's dtype
// and checks the same tensor comes back.
func checkJSONRoundTrip(t *testing.T, x *Tensor) {
	t.Helper()
	if s, ok := Values[string](x); ok {
		for _, e := range s {
			if !utf8.ValidString(e) {
				return // JSON text cannot carry invalid UTF-8
			}
		}
	}
	nested := x.AppendJSON(nil)
	y, err := FromFlat(parseJSON(t, string(nested)), x.Shape(), x.DType())
	if err != nil {
		t.Fatalf("%v: decode %s: %v", x, nested, err)
	}
	checkSame(t, string(nested), y, x)
	if x.Len() > 0 { // without elements the nested form loses inner dimensions
		z, err := FromNested(parseJSON(t, string(nested)), x.DType())
		if err != nil {
			t.Fatalf("%v: FromNested(%s): %v", x, nested, err)
		}
		checkSame(t, string(nested), z, x)
	}
	flat := x.AppendFlatJSON(nil)
	y, err = FromFlat(parseJSON(t, string(flat)), x.Shape(), x.DType())
	if err != nil {
		t.Fatalf("%v: decode %s: %v", x, flat, err)
	}
	checkSame(t, string(flat), y, x)
}

func checkSame(t *testing.T, name string, got, want *Tensor) {
	t.Helper()
	if got.DType() != want.DType() || !slices.Equal(got.Shape(), want.Shape()) || !sameData(got.Data(), want.Data()) {
		t.Fatalf("%s: got %v %v, want %v %v", name, got, got.Data(), want, want.Data())
	}
}
