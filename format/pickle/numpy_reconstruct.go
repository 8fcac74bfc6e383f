package pickle

import (
	"fmt"
	"math/bits"
)

// numpy pickles an ndarray as _reconstruct(ndarray, (0,), b'b') followed
// by BUILD (version, shape, dtype, is_fortran, rawdata), or with protocol
// 5 as _frombuffer(buffer, dtype, shape, order).

// callReconstruct returns an empty array for BUILD to fill in.
func callReconstruct(_ *machine, g Global, args Tuple) (any, error) {
	if len(args) != 3 {
		return nil, fmt.Errorf("%s takes 3 arguments, got %d", g, len(args))
	}
	if err := checkArrayClass(args[0]); err != nil {
		return nil, fmt.Errorf("%s: %w", g, err)
	}
	return &Array{Dtype: &Dtype{Kind: 'i', ByteOrder: '|', ItemSize: 1}, Shape: []int{0}}, nil
}

func checkArrayClass(v any) error {
	if c, ok := v.(Global); !ok || c.Module != "numpy" || (c.Name != "ndarray" && c.Name != "memmap") {
		return fmt.Errorf("array class %v is not numpy.ndarray", v)
	}
	return nil
}

// setArrayState applies BUILD's (version, shape, dtype, is_fortran,
// rawdata) to a; numpy also accepts the state without the version.
func (m *machine) setArrayState(a *Array, state any) error {
	t, ok := state.(Tuple)
	if ok && len(t) == 5 {
		t = t[1:]
	}
	if !ok || len(t) != 4 {
		return fmt.Errorf("array state is %T of length %d, want a tuple of 4 or 5 items", state, len(t))
	}
	shape, err := toShape(t[0])
	if err != nil {
		return err
	}
	dt, ok := t[1].(*Dtype)
	if !ok {
		return fmt.Errorf("array dtype is %T, not a numpy dtype", t[1])
	}
	fortran, ok := toBool(t[2])
	if !ok {
		return fmt.Errorf("array is_fortran flag is %T, not a bool", t[2])
	}
	a.Dtype, a.Shape, a.Fortran = dt, shape, fortran
	if dt.Kind == 'O' {
		// numpy lists object elements in C order whatever the layout.
		l, ok := t[3].(*List)
		if !ok {
			return fmt.Errorf("object array data is %T, not a list", t[3])
		}
		a.Objects, a.Fortran = l.Items, false
		return a.checkSize()
	}
	switch raw := t[3].(type) {
	case []byte:
		a.Data = raw
	case string: // a Python 2 str
		if err := m.charge(len(raw)); err != nil {
			return err
		}
		a.Data = []byte(raw)
	default:
		return fmt.Errorf("array data is %T, not bytes", t[3])
	}
	return checkData(a)
}

// checkData checks that a's data holds exactly its elements, without
// overflowing on hostile shapes.
func checkData(a *Array) error {
	n, err := elements(a.Shape)
	if err != nil {
		return err
	}
	if err := checkItemSize(a.Dtype, n); err != nil {
		return err
	}
	hi, size := bits.Mul64(uint64(n), uint64(a.Dtype.ItemSize))
	if hi != 0 || size != uint64(len(a.Data)) {
		return fmt.Errorf("array data has %d bytes, shape %v of %d-byte elements needs %d×%d", len(a.Data), a.Shape, a.Dtype.ItemSize, n, a.Dtype.ItemSize)
	}
	return nil
}

// checkItemSize refuses n elements of zero bytes each: they would need no
// data, so nothing would bound how many a hostile shape asks for.
func checkItemSize(dt *Dtype, n int) error {
	if dt.ItemSize <= 0 && n > 0 {
		return fmt.Errorf("dtype %c%d has zero-size elements", dt.Kind, dt.ItemSize)
	}
	return nil
}

// elements returns the product of shape, failing on overflow.
func elements(shape []int) (int, error) {
	n := uint64(1)
	for _, d := range shape {
		hi, lo := bits.Mul64(n, uint64(d))
		if hi != 0 || lo > uint64(maxInt) {
			return 0, fmt.Errorf("array shape %v has too many elements", shape)
		}
		n = lo
	}
	return int(n), nil
}

func toShape(v any) ([]int, error) {
	t, ok := v.(Tuple)
	if !ok {
		return nil, fmt.Errorf("array shape is %T, not a tuple", v)
	}
	shape := make([]int, len(t))
	for i, d := range t {
		n, ok := d.(int64)
		if !ok || n < 0 || n > int64(maxInt) {
			return nil, fmt.Errorf("array shape %v: dimension %d is not a non-negative int", t, i)
		}
		shape[i] = int(n)
	}
	if _, err := elements(shape); err != nil {
		return nil, err
	}
	return shape, nil
}

func toBool(v any) (bool, bool) {
	switch b := v.(type) {
	case bool:
		return b, true
	case int64:
		return b != 0, true
	}
	return false, false
}

// callFromBuffer is _frombuffer(buffer, dtype, shape, order), protocol 5's
// in-band form of an array.
func callFromBuffer(_ *machine, g Global, args Tuple) (any, error) {
	if len(args) != 4 {
		return nil, fmt.Errorf("%s takes 4 arguments, got %d", g, len(args))
	}
	data, ok := args[0].([]byte)
	if !ok {
		return nil, fmt.Errorf("%s: buffer is %T, not bytes", g, args[0])
	}
	dt, ok := args[1].(*Dtype)
	if !ok {
		return nil, fmt.Errorf("%s: dtype is %T, not a numpy dtype", g, args[1])
	}
	shape, err := toShape(args[2])
	if err != nil {
		return nil, fmt.Errorf("%s: %w", g, err)
	}
	order, ok := args[3].(string)
	if !ok || (order != "C" && order != "F") {
		return nil, fmt.Errorf("%s: order %v is not 'C' or 'F'", g, args[3])
	}
	if dt.Kind == 'O' {
		return nil, fmt.Errorf("%s: object arrays have no buffer", g)
	}
	a := &Array{Dtype: dt, Shape: shape, Fortran: order == "F", Data: data}
	if err := checkData(a); err != nil {
		return nil, fmt.Errorf("%s: %w", g, err)
	}
	return a, nil
}
