package pickle

import "fmt"

// joblib pickles each numpy array as a NumpyArrayWrapper whose state
// describes the array, and writes the array's bytes into the stream right
// after the wrapper's BUILD opcode (see joblib/numpy_pickle.py).

// arrayWrapper stands for a joblib NumpyArrayWrapper until BUILD replaces
// it by array.
type arrayWrapper struct{ array *Array }

func callArrayWrapper(*machine, Global, Tuple) (any, error) {
	return &arrayWrapper{}, nil
}

// callNDArrayWrapper refuses joblib's pre-0.10 format, which kept arrays
// in separate .npy files.
func callNDArrayWrapper(_ *machine, g Global, _ Tuple) (any, error) {
	return nil, fmt.Errorf("%s: arrays stored in separate .npy files (joblib < 0.10) are not supported; re-save the model with a current joblib", g)
}

// readWrapped reads the array described by the wrapper's state dict from
// the stream.
func (m *machine) readWrapped(w *arrayWrapper, state any) (*Array, error) {
	if w.array != nil {
		return nil, fmt.Errorf("joblib array wrapper built twice")
	}
	st, ok := state.(*Dict)
	if !ok {
		return nil, fmt.Errorf("joblib array wrapper state is %T, not a dict", state)
	}
	dt, ok := attr(st, "dtype").(*Dtype)
	if !ok {
		return nil, fmt.Errorf("joblib array wrapper dtype is %T, not a numpy dtype", attr(st, "dtype"))
	}
	var a *Array
	var err error
	if dt.Kind == 'O' {
		a, err = m.readNested()
	} else {
		a, err = m.readRaw(st, dt)
	}
	if err != nil {
		return nil, fmt.Errorf("joblib array: %w", err)
	}
	w.array = a
	return a, nil
}

// readNested reads an object array, which joblib writes as a complete
// pickle of its own.
func (m *machine) readNested() (*Array, error) {
	v, err := m.nested()
	if err != nil {
		return nil, err
	}
	a, ok := v.(*Array)
	if !ok {
		return nil, fmt.Errorf("nested pickle holds %T, not an array", v)
	}
	return a, nil
}

// readRaw reads the optional alignment padding (joblib >= 1.2) and the
// array's bytes in the wrapper's order.
func (m *machine) readRaw(st *Dict, dt *Dtype) (*Array, error) {
	shape, err := toShape(attr(st, "shape"))
	if err != nil {
		return nil, err
	}
	order, ok := attr(st, "order").(string)
	if !ok || (order != "C" && order != "F") {
		return nil, fmt.Errorf("order %v is not 'C' or 'F'", attr(st, "order"))
	}
	if align := attr(st, "numpy_array_alignment_bytes"); align != nil && align != (None{}) {
		pad, err := m.in.byte()
		if err != nil {
			return nil, err
		}
		if _, err := m.in.bytes(uint64(pad)); err != nil {
			return nil, err
		}
	}
	n, err := elements(shape)
	if err != nil {
		return nil, err
	}
	if err := checkItemSize(dt, n); err != nil {
		return nil, err
	}
	if n > 0 && n > maxInt/dt.ItemSize {
		return nil, fmt.Errorf("shape %v of %d-byte elements is too large", shape, dt.ItemSize)
	}
	data, err := m.in.bytes(uint64(n * dt.ItemSize))
	if err != nil {
		return nil, err
	}
	return &Array{Dtype: dt, Shape: shape, Fortran: order == "F", Data: data}, nil
}

// attr returns a state dict entry, or nil when it is missing.
func attr(d *Dict, key string) any {
	v, _ := d.Get(key)
	return v
}
