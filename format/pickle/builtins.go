package pickle

import (
	"fmt"
	"slices"
	"strings"
)

// Inert meanings of the Python built-ins on the safe list.

// callReconstructor is copyreg._reconstructor(cls, base, state), which
// protocols 0 and 1 use to create instances of plain classes.
func callReconstructor(m *machine, g Global, args Tuple) (any, error) {
	if len(args) != 3 {
		return nil, fmt.Errorf("%s takes 3 arguments, got %d", g, len(args))
	}
	var init Tuple
	if _, none := args[2].(None); !none {
		init = Tuple{args[2]}
	}
	return m.call(args[0], init, nil)
}

// callInert records the call as an *Object.
func callInert(_ *machine, g Global, args Tuple) (any, error) {
	return &Object{Class: g, Args: args}, nil
}

func callSet(_ *machine, g Global, args Tuple) (any, error) {
	if len(args) == 0 {
		return &Set{}, nil
	}
	items, err := iterable(g, args)
	if err != nil {
		return nil, err
	}
	return &Set{Items: items}, nil
}

func callOrderedDict(m *machine, g Global, args Tuple) (any, error) {
	d := &Dict{}
	if len(args) == 0 {
		return d, nil
	}
	pairs, err := iterable(g, args)
	if err != nil {
		return nil, err
	}
	if err := m.charge(len(pairs)); err != nil {
		return nil, err
	}
	for i, p := range pairs {
		kv, err := pair(p)
		if err != nil {
			return nil, fmt.Errorf("%s item %d: %w", g, i, err)
		}
		m.setItem(d, kv[0], kv[1])
	}
	return d, nil
}

func pair(p any) ([]any, error) {
	var kv []any
	switch p := p.(type) {
	case Tuple:
		kv = p
	case *List:
		kv = p.Items
	}
	if len(kv) != 2 {
		return nil, fmt.Errorf("%T is not a key/value pair", p)
	}
	return kv, nil
}

// iterable returns the items of the single list, tuple or set argument.
// They share the argument's memory (capacity clipped, so appending to
// either copies): a memoized list may be passed any number of times.
func iterable(g Global, args Tuple) ([]any, error) {
	if len(args) == 1 {
		switch v := args[0].(type) {
		case *List:
			return slices.Clip(v.Items), nil
		case Tuple:
			return slices.Clip([]any(v)), nil
		case *Set:
			return slices.Clip(v.Items), nil
		}
	}
	return nil, fmt.Errorf("%s: expected one list, tuple or set argument, got %d arguments", g, len(args))
}

// callBytes is bytes(...) or bytearray(...) with the arguments pickles
// use: nothing, a bytes object, a str and its encoding, or a list of ints.
// An int argument (a size to allocate) is refused.
func callBytes(m *machine, g Global, args Tuple) (any, error) {
	switch len(args) {
	case 0:
		return []byte{}, nil
	case 1:
		switch v := args[0].(type) {
		case []byte:
			return v, nil
		case *List:
			if err := m.charge(len(v.Items)); err != nil {
				return nil, err
			}
			out := make([]byte, len(v.Items))
			for i, x := range v.Items {
				n, ok := x.(int64)
				if !ok || n < 0 || n > 255 {
					return nil, fmt.Errorf("%s: item %d (%v) is not a byte", g, i, x)
				}
				out[i] = byte(n)
			}
			return out, nil
		}
	case 2:
		return callEncode(m, g, args)
	}
	return nil, fmt.Errorf("%s: unsupported arguments %v", g, args)
}

// callEncode is _codecs.encode(str, encoding), which protocols 0-2 use to
// pickle bytes.
func callEncode(m *machine, g Global, args Tuple) (any, error) {
	if len(args) != 2 {
		return nil, fmt.Errorf("%s takes 2 arguments, got %d", g, len(args))
	}
	s, ok1 := args[0].(string)
	enc, ok2 := args[1].(string)
	if !ok1 || !ok2 {
		return nil, fmt.Errorf("%s: arguments are %T and %T, not strings", g, args[0], args[1])
	}
	if err := m.charge(len(s)); err != nil {
		return nil, err
	}
	switch strings.ReplaceAll(strings.ToLower(enc), "_", "-") {
	case "utf-8", "utf8":
		return []byte(s), nil
	case "latin1", "latin-1", "iso-8859-1", "l1":
		out := make([]byte, 0, len(s))
		for _, r := range s {
			if r > 0xff {
				return nil, fmt.Errorf("%s: %q cannot be encoded as latin-1", g, r)
			}
			out = append(out, byte(r))
		}
		return out, nil
	}
	return nil, fmt.Errorf("%s: unsupported encoding %q", g, enc)
}

func callComplex(_ *machine, g Global, args Tuple) (any, error) {
	var parts [2]float64
	if len(args) > 2 {
		return nil, fmt.Errorf("%s takes at most 2 arguments, got %d", g, len(args))
	}
	for i, a := range args {
		f, ok := Float(a)
		if !ok {
			return nil, fmt.Errorf("%s: argument %d is %T, not a real number", g, i, a)
		}
		parts[i] = f
	}
	return complex(parts[0], parts[1]), nil
}
