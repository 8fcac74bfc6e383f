package tensor

import (
	"errors"
	"math"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/slipwayml/slipway/internal/jsonvalue"
)

func parseJSON(t testing.TB, s string) any {
	t.Helper()
	v, err := jsonvalue.Parse([]byte(s), jsonvalue.Limits{})
	if err != nil {
		t.Fatalf("parse %s: %v", s, err)
	}
	return v
}

var nan = math.NaN()

var fromNestedTests = []struct {
	in    string
	dt    DType
	shape []int
	want  any
}{
	// Inference.
	{`true`, Invalid, []int{}, []bool{true}},
	{`[[true,false],[false,true]]`, Invalid, []int{2, 2}, []bool{true, false, false, true}},
	{`[1,-2,9223372036854775807]`, Invalid, []int{3}, []int64{1, -2, math.MaxInt64}},
	{`[[1,2.5],[3,4]]`, Invalid, []int{2, 2}, []float64{1, 2.5, 3, 4}},
	{`[1,1e3]`, Invalid, []int{2}, []float64{1, 1000}},
	{`[1,NaN,Infinity,-Infinity]`, Invalid, []int{4}, []float64{1, nan, math.Inf(1), math.Inf(-1)}},
	{`[1,18446744073709551616]`, Invalid, []int{2}, []float64{1, 1 << 64}},
	{`[1.5,18446744073709551617]`, Invalid, []int{2}, []float64{1.5, 1 << 64}},
	{`["a",{"b64":"aGk="},{"b64":"aGk"}]`, Invalid, []int{3}, []string{"a", "hi", "hi"}},
	{`[]`, Invalid, []int{0}, []float64{}},
	{`[[],[]]`, Invalid, []int{2, 0}, []float64{}},
	{`[[[1],[2]],[[3],[4]]]`, Invalid, []int{2, 2, 1}, []int64{1, 2, 3, 4}},
	// Every dtype, at its range limits.
	{`[false,true]`, Bool, []int{2}, []bool{false, true}},
	{`[-128,127,-0,1.0,-1e2]`, Int8, []int{5}, []int8{-128, 127, 0, 1, -100}},
	{`[-32768,32767]`, Int16, []int{2}, []int16{-32768, 32767}},
	{`[-2147483648,2147483647,2.5e1]`, Int32, []int{3}, []int32{math.MinInt32, math.MaxInt32, 25}},
	{`[-9223372036854775808,9223372036854775807,9007199254740992.0]`, Int64, []int{3}, []int64{math.MinInt64, math.MaxInt64, 1 << 53}},
	{`[0,255,-0,-0.0]`, Uint8, []int{4}, []uint8{0, 255, 0, 0}},
	{`[65535]`, Uint16, []int{1}, []uint16{65535}},
	{`[4294967295]`, Uint32, []int{1}, []uint32{math.MaxUint32}},
	{`[18446744073709551615,0]`, Uint64, []int{2}, []uint64{math.MaxUint64, 0}},
	{`[0.1,1,65504,-Infinity,1e-8]`, Float16, []int{5}, []uint16{0x2e66, 0x3c00, 0x7bff, 0xfc00, 0x0000}},
	{`[0.1,3.4028235e38,NaN,1e-50]`, Float32, []int{4}, []float32{0.1, math.MaxFloat32, float32(nan), 0}},
	{`[0.1,1.7976931348623157e308,-Infinity,5e-324,12345678901234567890]`, Float64, []int{5}, []float64{0.1, math.MaxFloat64, math.Inf(-1), 5e-324, 12345678901234567890}},
	{`["", "x", {"b64": ""}]`, String, []int{3}, []string{"", "x", ""}},
	{`7`, Float32, []int{}, []float32{7}},
}

func TestFromNested(t *testing.T) {
	for _, tt := range fromNestedTests {
		got, err := FromNested(parseJSON(t, tt.in), tt.dt)
		if err != nil {
			t.Errorf("FromNested(%s, %v): %v", tt.in, tt.dt, err)
			continue
		}
		checkTensor(t, tt.in, got, tt.shape, tt.want)
	}
}

func checkTensor(t *testing.T, name string, got *Tensor, shape []int, want any) {
	t.Helper()
	wantDT := dtypeOfSlice(want)
	if _, half := want.([]uint16); half && got.DType() == Float16 {
		wantDT = Float16
	}
	if got.DType() != wantDT || !slices.Equal(got.Shape(), shape) || !sameData(got.Data(), want) {
		t.Errorf("%s: got %v %v %v, want %v %v %v", name, got.DType(), got.Shape(), got.Data(), wantDT, shape, want)
	}
}

func dtypeOfSlice(s any) DType {
	switch s.(type) {
	case []bool:
		return Bool
	case []int8:
		return Int8
	case []int16:
		return Int16
	case []int32:
		return Int32
	case []int64:
		return Int64
	case []uint8:
		return Uint8
	case []uint16:
		return Uint16
	case []uint32:
		return Uint32
	case []uint64:
		return Uint64
	case []float32:
		return Float32
	case []float64:
		return Float64
	case []string:
		return String
	}
	return Invalid
}

// sameData is reflect.DeepEqual with NaN equal to NaN.
func sameData(a, b any) bool {
	switch a := a.(type) {
	case []float64:
		b, ok := b.([]float64)
		return ok && len(a) == len(b) && allSame(a, b, func(x, y float64) bool { return x == y || x != x && y != y })
	case []float32:
		b, ok := b.([]float32)
		return ok && len(a) == len(b) && allSame(a, b, func(x, y float32) bool { return x == y || x != x && y != y })
	}
	return reflect.DeepEqual(a, b)
}

func allSame[T any](a, b []T, eq func(T, T) bool) bool {
	for i := range a {
		if !eq(a[i], b[i]) {
			return false
		}
	}
	return true
}

var fromNestedErrorTests = []struct {
	in  string
	dt  DType
	err string
}{
	{`[[1,2,3,4],[5,6,7,8],[9,10,11]]`, Invalid, "ragged nested list: row 2 has 3 elements, row 0 has 4"},
	{`[[[1,2],[3,4]],[[5,6],[7]]]`, Float32, "ragged nested list: row 1,1 has 1 elements, row 0,0 has 2"},
	{`[[1,2],3]`, Invalid, "ragged nested list: row 1 is a number, row 0 is a list"},
	{`[1,[2]]`, Invalid, "element 1: ragged nested list: a list where the first row has a scalar"},
	{`[1,[2]]`, Int32, "element 1: ragged nested list: a list where the first row has a scalar"},
	{`[1,"a"]`, Invalid, "mixed element kinds: element 0 is a number, element 1 is a string"},
	{`[true,1]`, Invalid, "mixed element kinds: element 0 is a boolean, element 1 is a number"},
	{`[1,null]`, Invalid, "element 1: null is not a tensor element"},
	{`[{"a":1}]`, Invalid, "element 0: an object is not a tensor element"},
	{`[1,18446744073709551617]`, Invalid, "element 1: integer 18446744073709551617 is beyond INT64 and not exactly an FP64"},
	{`[1e400]`, Invalid, "element 0: 1e400 is out of range for FP64"},
	{`[1,300]`, Uint8, "element 1: 300 is out of range for UINT8"},
	{`[-1]`, Uint8, "element 0: -1 is out of range for UINT8"},
	{`[-0.5]`, Uint8, "element 0: -0.5 is not an integer (UINT8)"},
	{`[128]`, Int8, "element 0: 128 is out of range for INT8"},
	{`[2.56e2]`, Uint8, "element 0: 2.56e2 is out of range for UINT8"},
	{`[9223372036854775808]`, Int64, "element 0: 9223372036854775808 is out of range for INT64"},
	{`[18446744073709551616]`, Uint64, "element 0: 18446744073709551616 is out of range for UINT64"},
	{`[1,1.5]`, Int32, "element 1: 1.5 is not an integer (INT32)"},
	{`[NaN]`, Int64, "element 0: NaN is not an integer (INT64)"},
	{`[-Infinity]`, Int16, "element 0: -Infinity is not an integer (INT16)"},
	{`[1e17]`, Int64, "element 0: 1e17 is not exactly an integer (INT64): write it without a fraction or exponent"},
	{`[70000]`, Float16, "element 0: 70000 is out of range for FP16"},
	{`[1e39]`, Float32, "element 0: 1e39 is out of range for FP32"},
	{`["1"]`, Float64, "element 0: FP64 data must be numbers, got a string"},
	{`[null]`, Float32, "element 0: FP32 data must be numbers, got null"},
	{`[true]`, Int64, "element 0: INT64 data must be numbers, got a boolean"},
	{`[1,0]`, Bool, "element 0: BOOL data must be JSON true or false, got a number"},
	{`["true"]`, Bool, "element 0: BOOL data must be JSON true or false, got a string"},
	{`[1]`, String, `element 0: BYTES data must be strings or {"b64": ...} objects, got a number`},
	{`[{"b64":"a","x":1}]`, String, `element 0: BYTES data must be strings or {"b64": ...} objects, got an object`},
	{`[{"b64":"!!"}]`, String, `element 0: invalid base64 in {"b64": ...}`},
	{`[1]`, DType(99), "cannot decode elements as DType(99)"},
}

func TestFromNestedErrors(t *testing.T) {
	for _, tt := range fromNestedErrorTests {
		got, err := FromNested(parseJSON(t, tt.in), tt.dt)
		if err == nil || !strings.HasPrefix(err.Error(), tt.err) {
			t.Errorf("FromNested(%s, %v) = %v, %v; want error %q", tt.in, tt.dt, got, err, tt.err)
		}
	}
}

// TestFromNestedElementLimit checks the element count is bounded before
// anything is allocated for it.
func TestFromNestedElementLimit(t *testing.T) {
	// 2^16 rows sharing one list of 2^16 elements: a small tree whose
	// product is over MaxElements.
	row := make([]any, 1<<16)
	for i := range row {
		row[i] = jsonvalue.Number("1")
	}
	rows := make([]any, 1<<16)
	for i := range rows {
		rows[i] = row
	}
	_, err := FromNested([]any{rows, rows}, Invalid)
	if !errors.Is(err, ErrShape) {
		t.Fatalf("got %v, want ErrShape", err)
	}
}

// TestFromNestedRaggedIsCheap checks a small ragged input whose first
// elements promise 100^4 elements is refused without allocating for them.
func TestFromNestedRaggedIsCheap(t *testing.T) {
	in := strings.Repeat("[", 4) + strings.Repeat("1,", 99) + "1" + strings.Repeat("]"+strings.Repeat(",1", 99), 3) + "]"
	v := parseJSON(t, in)
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err := FromNested(v, Float32)
	runtime.ReadMemStats(&after)
	if want := "ragged nested list: row 0,0,1 is a number, row 0,0,0 is a list"; err == nil || err.Error() != want {
		t.Errorf("got error %v, want %q", err, want)
	}
	if n := after.TotalAlloc - before.TotalAlloc; n > 1<<20 {
		t.Errorf("refusing %d bytes of input allocated %d bytes", len(in), n)
	}
}

var fromFlatTests = []struct {
	in    string
	shape []int
	dt    DType
	want  any
	err   string
}{
	{in: `[1,2,3,4,5,6]`, shape: []int{2, 3}, dt: Float32, want: []float32{1, 2, 3, 4, 5, 6}},
	{in: `[[1,2,3],[4,5,6]]`, shape: []int{2, 3}, dt: Int64, want: []int64{1, 2, 3, 4, 5, 6}},
	{in: `[[1,2],[3,4],[5,6]]`, shape: []int{6}, dt: Uint8, want: []uint8{1, 2, 3, 4, 5, 6}},
	{in: `[5]`, shape: []int{}, dt: Float64, want: []float64{5}},
	{in: `[]`, shape: []int{0, 4}, dt: Bool, want: []bool{}},
	{in: `["a","b"]`, shape: []int{2, 1}, dt: Invalid, want: []string{"a", "b"}},
	{in: `[1,2,3,4,5]`, shape: []int{2, 3}, dt: Float32, err: "invalid shape: data has 5 elements, shape [2 3] needs 6"},
	{in: `[[1,2],[3]]`, shape: []int{3}, dt: Float32, err: "ragged nested list: row 1 has 1 elements, row 0 has 2"},
	{in: `[1]`, shape: []int{-1}, dt: Float32, err: "invalid shape: dimension 0 is negative (-1)"},
	{in: `[1]`, shape: []int{1 << 62, 1 << 62}, dt: Float32, err: "invalid shape: product of [4611686018427387904 4611686018427387904] overflows"},
	{in: `[1,2]`, shape: []int{2}, dt: Bool, err: "element 0: BOOL data must be JSON true or false, got a number"},
}

func TestFromFlat(t *testing.T) {
	for _, tt := range fromFlatTests {
		got, err := FromFlat(parseJSON(t, tt.in), tt.shape, tt.dt)
		if tt.err != "" {
			if err == nil || err.Error() != tt.err {
				t.Errorf("FromFlat(%s, %v, %v) error %v, want %q", tt.in, tt.shape, tt.dt, err, tt.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("FromFlat(%s, %v, %v): %v", tt.in, tt.shape, tt.dt, err)
			continue
		}
		checkTensor(t, tt.in, got, tt.shape, tt.want)
	}
}

// FuzzFromNested checks that any parsed JSON either fails cleanly or
// builds a tensor that survives an encode/decode round trip.
func FuzzFromNested(f *testing.F) {
	for _, tt := range fromNestedTests {
		f.Add(tt.in, uint8(tt.dt))
	}
	for _, tt := range fromNestedErrorTests {
		f.Add(tt.in, uint8(tt.dt))
	}
	f.Fuzz(func(t *testing.T, in string, dt uint8) {
		v, err := jsonvalue.Parse([]byte(in), jsonvalue.Limits{})
		if err != nil {
			return
		}
		x, err := FromNested(v, DType(dt))
		if err != nil {
			return
		}
		if n, err := NumElements(x.Shape()); err != nil || n != x.Len() || reflect.ValueOf(x.Data()).Len() != n {
			t.Fatalf("%s: tensor %v holds %d elements (%v)", in, x, reflect.ValueOf(x.Data()).Len(), err)
		}
		checkJSONRoundTrip(t, x)
		checkBinaryRoundTrip(t, x)
	})
}
