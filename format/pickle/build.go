package pickle

import "fmt"

// build runs BUILD: the value below the state takes it, as __setstate__
// or an update of __dict__ would. Arrays and dtypes take their state once;
// a joblib array wrapper is replaced by the array read after it.
func (m *machine) build() error {
	state, err := m.pop()
	if err != nil {
		return err
	}
	target, err := m.top()
	if err != nil {
		return err
	}
	switch t := target.(type) {
	case *Object:
		return m.setObjectState(t, state)
	case *Array:
		if err := m.once(t); err != nil {
			return err
		}
		return m.setArrayState(t, state)
	case *Dtype:
		if err := m.once(t); err != nil {
			return err
		}
		return setDtypeState(t, state)
	case *arrayWrapper:
		a, err := m.readWrapped(t, state)
		if err != nil {
			return err
		}
		m.stack[len(m.stack)-1] = a
		return nil
	}
	return fmt.Errorf("cannot set the state of %T", target)
}

// once refuses a second BUILD on an array or dtype, which could change
// its layout after another value was checked against it.
func (m *machine) once(v any) error {
	if m.built == nil {
		m.built = map[any]bool{}
	}
	if m.built[v] {
		return fmt.Errorf("state of %T set twice", v)
	}
	m.built[v] = true
	return nil
}

// setObjectState records state. A dict state updates an earlier dict
// state, as BUILD updates __dict__; anything else replaces it.
func (m *machine) setObjectState(o *Object, state any) error {
	if _, none := state.(None); none {
		return nil
	}
	old, ok1 := o.State.(*Dict)
	upd, ok2 := state.(*Dict)
	if !ok1 || !ok2 {
		o.State = state
		return nil
	}
	if err := m.charge(len(upd.Keys)); err != nil {
		return err
	}
	for i, k := range upd.Keys {
		m.setItem(old, k, upd.Values[i])
	}
	return nil
}
