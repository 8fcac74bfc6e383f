package pickle

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"unicode/utf8"

	"github.com/slipwayml/slipway/tensor"
)

// Len returns the number of elements.
func (a *Array) Len() int {
	n := 1
	for _, d := range a.Shape {
		n *= d
	}
	return n
}

func (d *Dtype) order() binary.ByteOrder {
	if d.ByteOrder == '>' {
		return binary.BigEndian
	}
	return binary.LittleEndian
}

// element returns the raw bytes of element i in C order.
func (a *Array) element(i int) []byte {
	j := i
	if a.Fortran && len(a.Shape) > 1 {
		j = fortranIndex(i, a.Shape)
	}
	sz := a.Dtype.ItemSize
	return a.Data[j*sz : (j+1)*sz]
}

// fortranIndex maps a C-order flat index to the Fortran-order storage index.
func fortranIndex(i int, shape []int) int {
	idx, stride := 0, 1
	rem := i
	// Decompose i into C-order coordinates from the last axis.
	coords := make([]int, len(shape))
	for ax := len(shape) - 1; ax >= 0; ax-- {
		coords[ax] = rem % shape[ax]
		rem /= shape[ax]
	}
	for ax := 0; ax < len(shape); ax++ {
		idx += coords[ax] * stride
		stride *= shape[ax]
	}
	return idx
}

func (a *Array) checkSize() error {
	if a.Dtype.Kind == 'O' {
		if len(a.Objects) != a.Len() {
			return fmt.Errorf("object array holds %d elements, shape %v needs %d", len(a.Objects), a.Shape, a.Len())
		}
		return nil
	}
	if a.Dtype.ItemSize <= 0 || len(a.Data) != a.Len()*a.Dtype.ItemSize {
		return fmt.Errorf("array data has %d bytes, shape %v of %d-byte elements needs %d", len(a.Data), a.Shape, a.Dtype.ItemSize, a.Len()*a.Dtype.ItemSize)
	}
	return nil
}

// Float64s returns the elements of a numeric array as float64 in C order.
func (a *Array) Float64s() ([]float64, error) {
	if err := a.checkSize(); err != nil {
		return nil, err
	}
	out := make([]float64, a.Len())
	if a.Dtype.Kind == 'O' {
		for i, v := range a.Objects {
			f, ok := Float(v)
			if !ok {
				return nil, fmt.Errorf("object array element %d is %T, not a number", i, v)
			}
			out[i] = f
		}
		return out, nil
	}
	bo := a.Dtype.order()
	for i := range out {
		b := a.element(i)
		switch {
		case a.Dtype.Kind == 'f' && len(b) == 8:
			out[i] = math.Float64frombits(bo.Uint64(b))
		case a.Dtype.Kind == 'f' && len(b) == 4:
			out[i] = float64(math.Float32frombits(bo.Uint32(b)))
		case a.Dtype.Kind == 'f' && len(b) == 2:
			out[i] = float64(tensor.HalfToFloat32(bo.Uint16(b)))
		case a.Dtype.Kind == 'i' || a.Dtype.Kind == 'u' || a.Dtype.Kind == 'b':
			v, err := intElem(b, a.Dtype.Kind, bo)
			if err != nil {
				return nil, err
			}
			if a.Dtype.Kind == 'u' {
				out[i] = float64(uint64(v))
			} else {
				out[i] = float64(v)
			}
		default:
			return nil, fmt.Errorf("cannot read dtype %c%d as numbers", a.Dtype.Kind, a.Dtype.ItemSize)
		}
	}
	return out, nil
}

// Int64s returns the elements of an integer or bool array as int64 in C
// order. Float arrays are accepted when every element is integral.
func (a *Array) Int64s() ([]int64, error) {
	if err := a.checkSize(); err != nil {
		return nil, err
	}
	if a.Dtype.Kind == 'f' || a.Dtype.Kind == 'O' {
		f, err := a.Float64s()
		if err != nil {
			return nil, err
		}
		out := make([]int64, len(f))
		for i, x := range f {
			if x != math.Trunc(x) || math.Abs(x) > 1<<62 {
				return nil, fmt.Errorf("element %d (%v) is not an integer", i, x)
			}
			out[i] = int64(x)
		}
		return out, nil
	}
	out := make([]int64, a.Len())
	bo := a.Dtype.order()
	for i := range out {
		v, err := intElem(a.element(i), a.Dtype.Kind, bo)
		if err != nil {
			return nil, err
		}
		out[i] = v
	}
	return out, nil
}

func intElem(b []byte, kind byte, bo binary.ByteOrder) (int64, error) {
	signed := kind == 'i'
	switch len(b) {
	case 1:
		if signed {
			return int64(int8(b[0])), nil
		}
		return int64(b[0]), nil
	case 2:
		if signed {
			return int64(int16(bo.Uint16(b))), nil
		}
		return int64(bo.Uint16(b)), nil
	case 4:
		if signed {
			return int64(int32(bo.Uint32(b))), nil
		}
		return int64(bo.Uint32(b)), nil
	case 8:
		return int64(bo.Uint64(b)), nil
	}
	return 0, fmt.Errorf("cannot read %d-byte integers", len(b))
}

// Values returns the elements as Go values in C order: strings for 'U' and
// 'S' arrays, the objects of an 'O' array, and numbers otherwise.
func (a *Array) Values() ([]any, error) {
	if err := a.checkSize(); err != nil {
		return nil, err
	}
	n := a.Len()
	out := make([]any, n)
	switch a.Dtype.Kind {
	case 'O':
		if !a.Fortran || len(a.Shape) < 2 {
			copy(out, a.Objects)
			return out, nil
		}
		for i := range out {
			out[i] = a.Objects[fortranIndex(i, a.Shape)]
		}
		return out, nil
	case 'U':
		bo := a.Dtype.order()
		for i := range out {
			b := a.element(i)
			var s []byte
			for j := 0; j+4 <= len(b); j += 4 {
				r := rune(bo.Uint32(b[j:]))
				if r == 0 {
					break
				}
				if !utf8.ValidRune(r) {
					return nil, fmt.Errorf("element %d holds an invalid code point %#x", i, r)
				}
				s = utf8.AppendRune(s, r)
			}
			out[i] = string(s)
		}
		return out, nil
	case 'S':
		for i := range out {
			b := a.element(i)
			end := len(b)
			for end > 0 && b[end-1] == 0 {
				end--
			}
			out[i] = string(b[:end])
		}
		return out, nil
	case 'i', 'u', 'b':
		v, err := a.Int64s()
		if err != nil {
			return nil, err
		}
		for i := range v {
			out[i] = v[i]
		}
		return out, nil
	case 'f':
		v, err := a.Float64s()
		if err != nil {
			return nil, err
		}
		for i := range v {
			out[i] = v[i]
		}
		return out, nil
	}
	return nil, fmt.Errorf("cannot read dtype %c%d as values", a.Dtype.Kind, a.Dtype.ItemSize)
}

// Float returns a Python number (float, int, bool or numpy scalar) as
// float64.
func Float(v any) (float64, bool) {
	switch n := v.(type) {
	case float64:
		return n, true
	case int64:
		return float64(n), true
	case uint64:
		return float64(n), true
	case bool:
		if n {
			return 1, true
		}
		return 0, true
	}
	return 0, false
}

// ErrNoField is returned by Field for a field the structured dtype lacks.
var ErrNoField = errors.New("no such field")

// Field returns one field of a structured array (such as scikit-learn's Tree
// nodes) as a plain array of the same shape, so record layouts that differ
// between versions read alike.
func (a *Array) Field(name string) (*Array, error) {
	if a.Dtype == nil || a.Dtype.Kind != 'V' {
		return nil, fmt.Errorf("field %s: not a structured array", name)
	}
	rec, n := a.Dtype.ItemSize, a.Len()
	if rec <= 0 || len(a.Data) != n*rec {
		return nil, fmt.Errorf("field %s: array has %d bytes, %d records of %d bytes need %d", name, len(a.Data), n, rec, n*rec)
	}
	for _, f := range a.Dtype.Fields {
		if f.Name != name {
			continue
		}
		if f.Dtype == nil || f.Dtype.ItemSize <= 0 || f.Offset < 0 || f.Offset+f.Dtype.ItemSize > rec {
			return nil, fmt.Errorf("field %s: bad layout in a %d-byte record", name, rec)
		}
		size := f.Dtype.ItemSize
		data := make([]byte, 0, n*size)
		for i := 0; i < n; i++ {
			start := i*rec + f.Offset
			data = append(data, a.Data[start:start+size]...)
		}
		return &Array{Dtype: f.Dtype, Shape: append([]int(nil), a.Shape...), Data: data}, nil
	}
	return nil, fmt.Errorf("field %s: %w", name, ErrNoField)
}
