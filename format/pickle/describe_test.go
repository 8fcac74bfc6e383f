package pickle

import (
	"encoding/hex"
	"fmt"
	"math/big"
	"strconv"
)

// describe turns a decoded value into the typed JSON-like tree that
// scripts/gen_pickles.py writes for the Python value.
func describe(v any) any {
	switch v := v.(type) {
	case None:
		return nil
	case bool:
		return v
	case int64:
		return tag("int", strconv.FormatInt(v, 10))
	case *big.Int:
		return tag("int", v.String())
	case uint64:
		return tag("uint", strconv.FormatUint(v, 10))
	case float64:
		return tag("float", formatFloat(v))
	case complex128:
		return tag("complex", []any{formatFloat(real(v)), formatFloat(imag(v))})
	case string:
		return tag("str", v)
	case []byte:
		return tag("bytes", hex.EncodeToString(v))
	case Tuple:
		return tag("tuple", describeAll(v))
	case *List:
		return tag("list", describeAll(v.Items))
	case *Set:
		return tag("set", describeAll(v.Items))
	case *Dict:
		return tag("dict", describePairs(v))
	case Global:
		return tag("global", v.String())
	case *Dtype:
		return tag("dtype", describeDtype(v))
	case *Array:
		return tag("array", describeArray(v))
	case *Object:
		return tag("object", describeObject(v))
	}
	return fmt.Sprintf("unexpected %T", v)
}

func tag(name string, v any) map[string]any { return map[string]any{name: v} }

func formatFloat(f float64) string { return strconv.FormatFloat(f, 'g', -1, 64) }

func describeAll(items []any) []any {
	out := make([]any, len(items))
	for i, x := range items {
		out[i] = describe(x)
	}
	return out
}

func describePairs(d *Dict) []any {
	out := make([]any, len(d.Keys))
	for i := range d.Keys {
		out[i] = []any{describe(d.Keys[i]), describe(d.Values[i])}
	}
	return out
}

func describeDtype(d *Dtype) map[string]any {
	out := map[string]any{"kind": string(d.Kind), "byteorder": string(d.ByteOrder), "itemsize": float64(d.ItemSize)}
	if d.Fields != nil {
		fields := make([]any, len(d.Fields))
		for i, f := range d.Fields {
			fields[i] = []any{f.Name, describeDtype(f.Dtype), float64(f.Offset)}
		}
		out["fields"] = fields
	}
	return out
}

func describeArray(a *Array) map[string]any {
	shape := make([]any, len(a.Shape))
	for i, d := range a.Shape {
		shape[i] = float64(d)
	}
	out := map[string]any{"dtype": describeDtype(a.Dtype), "shape": shape}
	switch a.Dtype.Kind {
	case 'V', 'c', 'M':
		out["data"] = hex.EncodeToString(a.Data)
	default:
		vals, err := a.Values()
		if err != nil {
			return map[string]any{"error": err.Error()}
		}
		out["values"] = describeAll(vals)
	}
	return out
}

func describeObject(o *Object) map[string]any {
	out := map[string]any{"class": o.Class.String(), "args": describeAll(o.Args)}
	if o.Kwargs != nil {
		out["kwargs"] = describe(o.Kwargs)
	}
	if o.State != nil {
		out["state"] = describe(o.State)
	}
	if o.Items != nil {
		out["items"] = describeAll(o.Items)
	}
	if o.Entries != nil {
		out["entries"] = describe(o.Entries)
	}
	return out
}

// normalizeFloats rewrites the Python float reprs of an expected tree
// ("nan", "1e+300", "1.0") in Go's formatting, so trees compare as JSON.
func normalizeFloats(v any) (any, error) {
	switch v := v.(type) {
	case []any:
		for i := range v {
			n, err := normalizeFloats(v[i])
			if err != nil {
				return nil, err
			}
			v[i] = n
		}
	case map[string]any:
		for k, x := range v {
			switch s, isStr := x.(string); {
			case k == "float" && isStr:
				f, err := strconv.ParseFloat(s, 64)
				if err != nil {
					return nil, err
				}
				v[k] = formatFloat(f)
			case k == "complex":
				parts := x.([]any)
				for i, p := range parts {
					f, err := strconv.ParseFloat(p.(string), 64)
					if err != nil {
						return nil, err
					}
					parts[i] = formatFloat(f)
				}
			default:
				n, err := normalizeFloats(x)
				if err != nil {
					return nil, err
				}
				v[k] = n
			}
		}
	}
	return v, nil
}
