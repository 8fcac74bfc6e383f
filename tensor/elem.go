package tensor

import (
	"encoding/base64"
	"errors"
	"fmt"
	"math"
	"strconv"

	"github.com/slipwayml/slipway/internal/jsonvalue"
)

// Element conversions from parsed JSON values, one per dtype family. Each
// returns an error saying what was wrong with the value; decodeAll adds
// which element it was.

// maxExactInt is the largest magnitude below which every integer is a
// float64; integral literals written with a fraction or exponent must not
// exceed it to count as integers.
const maxExactInt = 1 << 53

func wrongKind(v any, dt DType) error {
	k := kind(v)
	switch {
	case k == "a list":
		return errors.New("ragged nested list: a list where the first row has a scalar")
	case dt == Bool:
		return fmt.Errorf("BOOL data must be JSON true or false, got %s", k)
	case dt == String:
		return fmt.Errorf("BYTES data must be strings or {\"b64\": ...} objects, got %s", k)
	case dt == Invalid:
		return fmt.Errorf("%s is not a tensor element", k)
	}
	return fmt.Errorf("%v data must be numbers, got %s", dt, k)
}

func number(v any, dt DType) (string, error) {
	n, ok := v.(jsonvalue.Number)
	if !ok {
		return "", wrongKind(v, dt)
	}
	return string(n), nil
}

func toBool(v any) (bool, error) {
	b, ok := v.(bool)
	if !ok {
		return false, wrongKind(v, Bool)
	}
	return b, nil
}

func toBytes(v any) (string, error) {
	switch v := v.(type) {
	case string:
		return v, nil
	case *jsonvalue.Object:
		if s, ok := b64(v); ok {
			b, err := base64.StdEncoding.DecodeString(s)
			if err != nil {
				b, err = base64.RawStdEncoding.DecodeString(s)
			}
			if err != nil {
				return "", fmt.Errorf("invalid base64 in {\"b64\": ...}: %w", err)
			}
			return string(b), nil
		}
	}
	return "", wrongKind(v, String)
}

// b64 returns s for TF Serving's binary-string form {"b64": s}.
func b64(o *jsonvalue.Object) (string, bool) {
	if len(o.Keys) != 1 || o.Keys[0] != "b64" {
		return "", false
	}
	s, ok := o.Values[0].(string)
	return s, ok
}

func toSigned[T int8 | int16 | int32 | int64](dt DType) func(any) (T, error) {
	bits := dt.Size() * 8
	return func(v any) (T, error) {
		s, err := number(v, dt)
		if err != nil {
			return 0, err
		}
		if isIntLiteral(s) {
			i, err := strconv.ParseInt(s, 10, bits)
			if err != nil {
				return 0, intError(err, s, dt)
			}
			return T(i), nil
		}
		f, err := integral(s, dt)
		if err != nil {
			return 0, err
		}
		if lim := math.Ldexp(1, bits-1); f < -lim || f >= lim {
			return 0, outOfRange(s, dt)
		}
		return T(f), nil
	}
}

func toUnsigned[T uint8 | uint16 | uint32 | uint64](dt DType) func(any) (T, error) {
	bits := dt.Size() * 8
	return func(v any) (T, error) {
		s, err := number(v, dt)
		if err != nil {
			return 0, err
		}
		if isIntLiteral(s) {
			if s == "-0" {
				return 0, nil
			}
			if s[0] == '-' {
				return 0, outOfRange(s, dt)
			}
			u, err := strconv.ParseUint(s, 10, bits)
			if err != nil {
				return 0, intError(err, s, dt)
			}
			return T(u), nil
		}
		f, err := integral(s, dt)
		if err != nil {
			return 0, err
		}
		if f < 0 || f >= math.Ldexp(1, bits) {
			return 0, outOfRange(s, dt)
		}
		return T(f), nil
	}
}

// integral parses a literal with a fraction or exponent that must be an
// exactly representable integer.
func integral(s string, dt DType) (float64, error) {
	f, err := strconv.ParseFloat(s, 64)
	if err != nil && !errors.Is(err, strconv.ErrRange) {
		return 0, fmt.Errorf("invalid number %q", s)
	}
	switch {
	case math.IsNaN(f) || math.IsInf(f, 0) || f != math.Trunc(f):
		return 0, fmt.Errorf("%s is not an integer (%v)", s, dt)
	case math.Abs(f) > maxExactInt:
		return 0, fmt.Errorf("%s is not exactly an integer (%v): write it without a fraction or exponent", s, dt)
	}
	return f, nil
}

func intError(err error, s string, dt DType) error {
	if errors.Is(err, strconv.ErrRange) {
		return outOfRange(s, dt)
	}
	return fmt.Errorf("invalid number %q", s)
}

func outOfRange(s string, dt DType) error {
	return fmt.Errorf("%s is out of range for %v", s, dt)
}

func parseFloat(v any, dt DType, bits int) (float64, error) {
	s, err := number(v, dt)
	if err != nil {
		return 0, err
	}
	f, err := strconv.ParseFloat(s, bits)
	if err != nil {
		if errors.Is(err, strconv.ErrRange) {
			return 0, outOfRange(s, dt)
		}
		return 0, fmt.Errorf("invalid number %q", s)
	}
	return f, nil
}

func toFloat64(v any) (float64, error) { return parseFloat(v, Float64, 64) }

func toFloat32(v any) (float32, error) {
	f, err := parseFloat(v, Float32, 32)
	return float32(f), err
}

func toHalf(v any) (uint16, error) {
	f, err := parseFloat(v, Float16, 32)
	if err != nil {
		return 0, err
	}
	h := Float32ToHalf(float32(f))
	if h&0x7fff == 0x7c00 && !math.IsInf(f, 0) {
		return 0, outOfRange(string(v.(jsonvalue.Number)), Float16)
	}
	return h, nil
}

// toExactFloat64 is for inferred FP64 tensors made of integer literals,
// some beyond int64: every integer must be exactly a float64.
func toExactFloat64(v any) (float64, error) {
	f, err := toFloat64(v)
	if err != nil {
		return 0, err
	}
	if s := string(v.(jsonvalue.Number)); strconv.FormatFloat(f, 'f', 0, 64) != s {
		return 0, fmt.Errorf("integer %s is beyond INT64 and not exactly an FP64", s)
	}
	return f, nil
}

// isIntLiteral reports whether a JSON number literal has no fraction or
// exponent (and is not NaN or ±Infinity).
func isIntLiteral(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; (c < '0' || c > '9') && !(c == '-' && i == 0) {
			return false
		}
	}
	return s != "" && s != "-"
}

// fitsInt64 reports whether an integer literal is within int64.
func fitsInt64(s string) bool {
	if len(s) < 19 { // at most 18 digits always fit
		return true
	}
	_, err := strconv.ParseInt(s, 10, 64)
	return err == nil
}
