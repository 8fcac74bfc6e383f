package pickle

import (
	"fmt"
	"strconv"
)

// numpy pickles a dtype as numpy.dtype(str, align, copy) followed by BUILD
// with the state tuple of arraydescr_setstate.

// callDtype is numpy.dtype("f8", False, True).
func callDtype(_ *machine, g Global, args Tuple) (any, error) {
	if len(args) == 0 {
		return nil, fmt.Errorf("%s: missing the type string", g)
	}
	s, ok := args[0].(string)
	if !ok {
		return nil, fmt.Errorf("%s: type is %T, not a string", g, args[0])
	}
	return parseDtype(s)
}

// parseDtype reads numpy's array-protocol type string: an optional byte
// order, a kind letter and a size ("<f8", "U3", "V56", "O8").
func parseDtype(s string) (*Dtype, error) {
	d := &Dtype{}
	rest := s
	if rest != "" && (rest[0] == '<' || rest[0] == '>' || rest[0] == '|' || rest[0] == '=') {
		d.ByteOrder, rest = nativeOrder(rest[0]), rest[1:]
	}
	if rest == "" {
		return nil, fmt.Errorf("invalid dtype %q", s)
	}
	d.Kind, rest = rest[0], rest[1:]
	if d.Kind == 'a' {
		d.Kind = 'S'
	}
	n := 0
	if rest != "" {
		var err error
		if n, err = strconv.Atoi(rest); err != nil || n < 0 {
			return nil, fmt.Errorf("invalid dtype %q", s)
		}
	}
	switch d.Kind {
	case 'b', 'i', 'u', 'f', 'c', 'M', 'm', 'S', 'V':
		d.ItemSize = n
	case 'U':
		if n > maxInt/4 {
			return nil, fmt.Errorf("invalid dtype %q", s)
		}
		d.ItemSize = 4 * n
	case 'O':
		d.ItemSize = 8
	default:
		return nil, fmt.Errorf("unsupported dtype %q", s)
	}
	if d.ByteOrder == 0 {
		d.ByteOrder = '<'
		if d.ItemSize <= 1 || d.Kind == 'S' || d.Kind == 'V' || d.Kind == 'O' || d.Kind == 'b' {
			d.ByteOrder = '|'
		}
	}
	return d, nil
}

const maxInt = int(^uint(0) >> 1)

// nativeOrder maps numpy's '=' (native) to little-endian, the byte order
// of every platform scikit-learn pickles come from in practice.
func nativeOrder(c byte) byte {
	if c == '=' {
		return '<'
	}
	return c
}

// setDtypeState applies BUILD's (version, byteorder, subarray, names,
// fields, elsize, alignment, flags[, metadata]) to d.
func setDtypeState(d *Dtype, state any) error {
	t, ok := state.(Tuple)
	if !ok || (len(t) != 8 && len(t) != 9) {
		return fmt.Errorf("dtype state is %T of length %d, want a tuple of 8 or 9 items", state, len(t))
	}
	order, ok := t[1].(string)
	if !ok || len(order) != 1 {
		return fmt.Errorf("dtype byte order %v is not one character", t[1])
	}
	d.ByteOrder = nativeOrder(order[0])
	if _, none := t[2].(None); !none {
		return fmt.Errorf("sub-array dtypes are not supported")
	}
	if elsize, ok := t[5].(int64); ok && elsize >= 0 {
		if elsize > int64(maxInt) {
			return fmt.Errorf("dtype element size %d is too large", elsize)
		}
		d.ItemSize = int(elsize)
	}
	if _, none := t[3].(None); none {
		return nil
	}
	return setFields(d, t[3], t[4])
}

// setFields reads a structured dtype's names and its fields dict
// {name: (dtype, offset[, title])}.
func setFields(d *Dtype, names, fields any) error {
	nt, ok1 := names.(Tuple)
	fd, ok2 := fields.(*Dict)
	if !ok1 || !ok2 {
		return fmt.Errorf("structured dtype has names %T and fields %T, want a tuple and a dict", names, fields)
	}
	// A map, not fd.Get, keeps hostile dtypes with many fields linear.
	byName := make(map[string]any, len(fd.Keys))
	for i, k := range fd.Keys {
		if s, ok := k.(string); ok {
			byName[s] = fd.Values[i]
		}
	}
	d.Fields = make([]Field, 0, len(nt))
	for _, n := range nt {
		name, ok := n.(string)
		if !ok {
			return fmt.Errorf("dtype field name is %T, not a string", n)
		}
		v, ok := byName[name]
		if !ok {
			return fmt.Errorf("dtype field %q is named but not described", name)
		}
		desc, ok := v.(Tuple)
		if !ok || len(desc) < 2 {
			return fmt.Errorf("dtype field %q is described by %T, want (dtype, offset)", name, v)
		}
		fdt, ok1 := desc[0].(*Dtype)
		off, ok2 := desc[1].(int64)
		if !ok1 || !ok2 {
			return fmt.Errorf("dtype field %q is (%T, %T), want (dtype, offset)", name, desc[0], desc[1])
		}
		if off < 0 || off > int64(d.ItemSize) || int64(fdt.ItemSize) > int64(d.ItemSize)-off {
			return fmt.Errorf("dtype field %q of %d bytes at offset %d overflows the %d-byte element", name, fdt.ItemSize, off, d.ItemSize)
		}
		d.Fields = append(d.Fields, Field{Name: name, Dtype: fdt, Offset: int(off)})
	}
	return nil
}
