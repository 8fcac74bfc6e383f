// Package jsonvalue parses JSON into a generic value tree with the
// non-strict extensions TensorFlow Serving accepts (the bare tokens NaN,
// Infinity and -Infinity), under limits on depth and size, and appends
// values back as JSON.
package jsonvalue

// The values Parse produces:
//
//	null            nil
//	true, false     bool
//	number          Number (its literal text, also "NaN", "Infinity", "-Infinity")
//	string          string
//	array           []any
//	object          *Object (keys in document order)

// Number is a JSON number kept as its literal text, so integers keep full
// int64/uint64 precision until a dtype is chosen.
type Number string

// Object is a JSON object with its keys in document order.
type Object struct {
	Keys   []string
	Values []any
}

// Get returns the value of the first member named key.
func (o *Object) Get(key string) (any, bool) {
	for i, k := range o.Keys {
		if k == key {
			return o.Values[i], true
		}
	}
	return nil, false
}

// Limits bound what Parse accepts. Zero fields take the defaults.
type Limits struct {
	MaxDepth int // nesting of arrays and objects (default 64)
}

// Parse parses one JSON value (surrounded only by whitespace).
func Parse(data []byte, lim Limits) (any, error) {
	panic("jsonvalue.Parse: not implemented yet")
}
