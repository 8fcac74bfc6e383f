package tensor

import (
	"fmt"

	"github.com/slipwayml/slipway/internal/jsonvalue"
)

// decode converts the rows' elements to a tensor of dt (inferred when
// Invalid) and the given shape, which it keeps.
func decode(shape []int, rows [][]any, dt DType) (*Tensor, error) {
	exact := false
	if dt == Invalid {
		var err error
		if dt, exact, err = infer(rows); err != nil {
			return nil, err
		}
	}
	var data any
	var err error
	switch dt {
	case Bool:
		data, err = decodeAll(rows, toBool)
	case Int8:
		data, err = decodeAll(rows, toSigned[int8](dt))
	case Int16:
		data, err = decodeAll(rows, toSigned[int16](dt))
	case Int32:
		data, err = decodeAll(rows, toSigned[int32](dt))
	case Int64:
		data, err = decodeAll(rows, toSigned[int64](dt))
	case Uint8:
		data, err = decodeAll(rows, toUnsigned[uint8](dt))
	case Uint16:
		data, err = decodeAll(rows, toUnsigned[uint16](dt))
	case Uint32:
		data, err = decodeAll(rows, toUnsigned[uint32](dt))
	case Uint64:
		data, err = decodeAll(rows, toUnsigned[uint64](dt))
	case Float16:
		data, err = decodeAll(rows, toHalf)
	case Float32:
		data, err = decodeAll(rows, toFloat32)
	case Float64:
		if exact {
			data, err = decodeAll(rows, toExactFloat64)
		} else {
			data, err = decodeAll(rows, toFloat64)
		}
	case String:
		data, err = decodeAll(rows, toBytes)
	default:
		return nil, fmt.Errorf("cannot decode elements as %v", dt)
	}
	if err != nil {
		return nil, err
	}
	return &Tensor{dtype: dt, shape: shape, data: data}, nil
}

// decodeAll converts every element with conv, naming the first that fails
// by its row-major index.
func decodeAll[T any](rows [][]any, conv func(any) (T, error)) ([]T, error) {
	n := 0
	for _, r := range rows {
		n += len(r)
	}
	out := make([]T, 0, n)
	for _, r := range rows {
		for _, e := range r {
			x, err := conv(e)
			if err != nil {
				return nil, fmt.Errorf("element %d: %w", len(out), err)
			}
			out = append(out, x)
		}
	}
	return out, nil
}

// infer picks the dtype FromNested documents for untyped data. exact
// reports integers beyond int64 that must convert to FP64 exactly.
func infer(rows [][]any) (dt DType, exact bool, err error) {
	var firstKind string
	var floats, bigInts bool
	i := 0
	for _, r := range rows {
		for _, e := range r {
			k := kind(e)
			switch k {
			case "a b64 object":
				k = "a string" // both are BYTES
			case "a boolean", "a number", "a string":
			default:
				return Invalid, false, fmt.Errorf("element %d: %w", i, wrongKind(e, Invalid))
			}
			switch {
			case firstKind == "":
				firstKind = k
			case k != firstKind:
				return Invalid, false, fmt.Errorf("mixed element kinds: element 0 is %s, element %d is %s", firstKind, i, k)
			}
			if n, ok := e.(jsonvalue.Number); ok {
				switch {
				case !isIntLiteral(string(n)):
					floats = true
				case !fitsInt64(string(n)):
					bigInts = true
				}
			}
			i++
		}
	}
	switch firstKind {
	case "":
		return Float64, false, nil // no elements: any dtype will do
	case "a boolean":
		return Bool, false, nil
	case "a string":
		return String, false, nil
	}
	if floats || bigInts {
		return Float64, bigInts && !floats, nil
	}
	return Int64, false, nil
}

// kind names a JSON value's kind, with its article, for inference and
// error messages.
func kind(v any) string {
	switch v := v.(type) {
	case nil:
		return "null"
	case bool:
		return "a boolean"
	case jsonvalue.Number:
		return "a number"
	case string:
		return "a string"
	case []any:
		return "a list"
	case *jsonvalue.Object:
		if _, ok := b64(v); ok {
			return "a b64 object"
		}
		return "an object"
	}
	return fmt.Sprintf("a value of type %T", v)
}
