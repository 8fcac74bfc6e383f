package pickle

import (
	"bytes"
	"fmt"
	"math"

	"github.com/slipwayml/slipway/tensor"
)

// callScalar is numpy.core.multiarray.scalar(dtype, data): a numpy scalar
// such as numpy.float64(1.5), returned as the Go scalar.
func callScalar(m *machine, g Global, args Tuple) (any, error) {
	if len(args) != 2 {
		return nil, fmt.Errorf("%s takes 2 arguments, got %d", g, len(args))
	}
	dt, ok := args[0].(*Dtype)
	if !ok {
		return nil, fmt.Errorf("%s: dtype is %T, not a numpy dtype", g, args[0])
	}
	if dt.Kind == 'O' {
		return args[1], nil
	}
	var data []byte
	switch v := args[1].(type) {
	case []byte:
		data = v
	case string: // a Python 2 str
		if err := m.charge(len(v)); err != nil {
			return nil, err
		}
		data = []byte(v)
	default:
		return nil, fmt.Errorf("%s: data is %T, not bytes", g, args[1])
	}
	if len(data) != dt.ItemSize {
		return nil, fmt.Errorf("%s: %d bytes of data for a %d-byte %c scalar", g, len(data), dt.ItemSize, dt.Kind)
	}
	v, err := scalarValue(dt, data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", g, err)
	}
	return v, nil
}

func scalarValue(dt *Dtype, b []byte) (any, error) {
	bo := dt.order()
	switch {
	case dt.Kind == 'b' && len(b) == 1:
		return b[0] != 0, nil
	case dt.Kind == 'i':
		return intElem(b, 'i', bo)
	case dt.Kind == 'u':
		v, err := intElem(b, 'u', bo)
		return uint64(v), err
	case dt.Kind == 'f' && len(b) == 2:
		return float64(tensor.HalfToFloat32(bo.Uint16(b))), nil
	case dt.Kind == 'f' && len(b) == 4:
		return float64(math.Float32frombits(bo.Uint32(b))), nil
	case dt.Kind == 'f' && len(b) == 8:
		return math.Float64frombits(bo.Uint64(b)), nil
	case dt.Kind == 'c' && len(b) == 8:
		return complex(float64(math.Float32frombits(bo.Uint32(b))), float64(math.Float32frombits(bo.Uint32(b[4:])))), nil
	case dt.Kind == 'c' && len(b) == 16:
		return complex(math.Float64frombits(bo.Uint64(b)), math.Float64frombits(bo.Uint64(b[8:]))), nil
	case dt.Kind == 'S': // bytes, without numpy's NUL padding
		return bytes.TrimRight(b, "\x00"), nil
	case dt.Kind == 'U':
		v, err := (&Array{Dtype: dt, Data: b}).Values()
		if err != nil {
			return nil, err
		}
		return v[0], nil
	}
	return nil, fmt.Errorf("unsupported scalar type %c%d", dt.Kind, len(b))
}
