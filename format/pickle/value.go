package pickle

import (
	"fmt"
	"math/big"
)

// The Go values Load produces for Python values:
//
//	None               None{}
//	bool               bool
//	int                int64, or *big.Int when it does not fit
//	float              float64
//	str                string
//	bytes, bytearray   []byte
//	tuple              Tuple
//	list               *List
//	dict               *Dict
//	set, frozenset     *Set
//	numpy.ndarray      *Array
//	numpy.dtype        *Dtype
//	numpy scalar       the Go scalar (int64, uint64, float64, bool, complex128, string, []byte)
//	allowed class      *Object (an instance built by NEWOBJ/REDUCE/BUILD)
//	allowed global     Global (a reference to a class or function not yet called)

// None is Python's None.
type None struct{}

// Tuple is a Python tuple.
type Tuple []any

// List is a Python list; a pointer because pickles append to it after it is
// memoized.
type List struct{ Items []any }

// Set is a Python set or frozenset, in pickle order.
type Set struct{ Items []any }

// Dict is a Python dict in insertion order.
type Dict struct {
	Keys   []any
	Values []any
}

// Get returns the value for a string key.
func (d *Dict) Get(key string) (any, bool) {
	for i, k := range d.Keys {
		if s, ok := k.(string); ok && s == key {
			return d.Values[i], true
		}
	}
	return nil, false
}

// Set stores a value for key, replacing an equal key already present.
// Keys are compared with == on comparable Go values.
func (d *Dict) Set(key, value any) {
	if isComparable(key) {
		for i, k := range d.Keys {
			if isComparable(k) && k == key {
				d.Values[i] = value
				return
			}
		}
	}
	d.Keys = append(d.Keys, key)
	d.Values = append(d.Values, value)
}

func isComparable(v any) bool {
	switch v.(type) {
	case string, int64, float64, bool, None, Global:
		return true
	}
	return false
}

// Global names a module-level Python object (class or function).
type Global struct{ Module, Name string }

func (g Global) String() string { return g.Module + "." + g.Name }

// Object is an instance of an allowed class. Args holds the arguments given
// to the class (REDUCE, NEWOBJ, NEWOBJ_EX), State what BUILD set (usually a
// *Dict of attributes), and Items/Entries what APPEND(S)/SETITEM(S) added to
// subclasses of list, set or dict.
type Object struct {
	Class  Global
	Args   []any
	Kwargs *Dict
	State  any
	Items  []any
	// Entries holds what SETITEM(S) added to a subclass of dict.
	Entries *Dict
}

// Attr returns a named attribute from the object's state dict, including
// the slot-state form (a (dict, slots) tuple).
func (o *Object) Attr(name string) (any, bool) {
	switch s := o.State.(type) {
	case *Dict:
		return s.Get(name)
	case Tuple:
		for _, part := range s {
			if d, ok := part.(*Dict); ok {
				if v, ok := d.Get(name); ok {
					return v, true
				}
			}
		}
	}
	return nil, false
}

func (o *Object) String() string { return fmt.Sprintf("<%s object>", o.Class) }

var _ = big.NewInt // *big.Int is part of the value set above
