// Package jsonvalue parses JSON into a generic value tree with the
// non-strict extensions TensorFlow Serving accepts (the bare tokens NaN,
// Infinity and -Infinity), under limits on depth and size, and appends
// values back as JSON.
package jsonvalue

import "fmt"

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
	// MaxDepth bounds the nesting of arrays and objects (default 64). Parse
	// recurses once per level, so it also bounds stack use.
	MaxDepth int
}

// DefaultMaxDepth is the nesting limit when Limits.MaxDepth is zero.
const DefaultMaxDepth = 64

// SyntaxError reports input Parse rejects and where.
type SyntaxError struct {
	Msg    string // what was wrong
	Offset int    // byte offset of the offending input
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("%s at byte %d", e.Msg, e.Offset)
}

// Parse parses one JSON value (surrounded only by whitespace). Strings in the
// result share one copy of data, so data may be reused once Parse returns.
func Parse(data []byte, lim Limits) (any, error) {
	if lim.MaxDepth <= 0 {
		lim.MaxDepth = DefaultMaxDepth
	}
	var p parser
	p.init(string(data), lim.MaxDepth)
	v, err := p.value()
	if err != nil {
		return nil, err
	}
	p.skipSpace()
	if p.i < len(p.s) {
		return nil, p.errorf("unexpected %s after top-level value", p.describe())
	}
	return v, nil
}
