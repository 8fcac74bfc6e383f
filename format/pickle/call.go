package pickle

import (
	"errors"
	"fmt"
)

// The opcodes that call a global. None of them runs code: a safe global
// has an inert Go meaning, any other allowed global becomes an *Object
// that records its arguments.

// reduce runs REDUCE: callable(*args).
func (m *machine) reduce() error {
	args, err := m.popTuple()
	if err != nil {
		return err
	}
	f, err := m.pop()
	if err != nil {
		return err
	}
	v, err := m.call(f, args, nil)
	if err != nil {
		return err
	}
	m.push(v)
	return nil
}

// newObj runs NEWOBJ, cls.__new__(cls, *args), and NEWOBJ_EX, which adds
// keyword arguments.
func (m *machine) newObj(withKwargs bool) error {
	var kwargs *Dict
	if withKwargs {
		v, err := m.pop()
		if err != nil {
			return err
		}
		d, ok := v.(*Dict)
		if !ok {
			return fmt.Errorf("keyword arguments are %T, not a dict", v)
		}
		kwargs = d
	}
	args, err := m.popTuple()
	if err != nil {
		return err
	}
	cls, err := m.pop()
	if err != nil {
		return err
	}
	v, err := m.call(cls, args, kwargs)
	if err != nil {
		return err
	}
	m.push(v)
	return nil
}

// inst runs INST: "module\nname\n" names the class, the values above the
// MARK are its arguments.
func (m *machine) inst() error {
	module, name, err := globalLines(m.in)
	if err != nil {
		return err
	}
	if err := m.global(module, name); err != nil {
		return err
	}
	cls := m.stack[len(m.stack)-1]
	m.stack = m.stack[:len(m.stack)-1]
	items, err := m.popMark()
	if err != nil {
		return err
	}
	return m.callAndPush(cls, Tuple(append([]any(nil), items...)))
}

// obj runs OBJ: the class and its arguments are above the MARK.
func (m *machine) obj() error {
	items, err := m.popMark()
	if err != nil {
		return err
	}
	if len(items) == 0 {
		return errors.New("OBJ without a class")
	}
	return m.callAndPush(items[0], Tuple(append([]any(nil), items[1:]...)))
}

func (m *machine) callAndPush(f any, args Tuple) error {
	v, err := m.call(f, args, nil)
	if err != nil {
		return err
	}
	m.push(v)
	return nil
}

func (m *machine) popTuple() (Tuple, error) {
	v, err := m.pop()
	if err != nil {
		return nil, err
	}
	t, ok := v.(Tuple)
	if !ok {
		return nil, fmt.Errorf("arguments are %T, not a tuple", v)
	}
	return t, nil
}

// call gives f(*args, **kwargs) its inert meaning. f must be a Global,
// which GLOBAL and STACK_GLOBAL have already checked against the
// allow-list.
func (m *machine) call(f any, args Tuple, kwargs *Dict) (any, error) {
	g, ok := f.(Global)
	if !ok {
		return nil, fmt.Errorf("cannot call %T", f)
	}
	if fn, safe := safeGlobals[g]; safe {
		if fn == nil {
			return nil, fmt.Errorf("calling %s is not supported", g)
		}
		if kwargs != nil && len(kwargs.Keys) > 0 {
			return nil, fmt.Errorf("calling %s with keyword arguments is not supported", g)
		}
		return fn(m, g, args)
	}
	return &Object{Class: g, Args: args, Kwargs: kwargs}, nil
}

// stackGlobal runs STACK_GLOBAL: module and name are strings on the stack.
func (m *machine) stackGlobal() error {
	name, err := m.pop()
	if err != nil {
		return err
	}
	module, err := m.pop()
	if err != nil {
		return err
	}
	ms, ok1 := module.(string)
	ns, ok2 := name.(string)
	if !ok1 || !ok2 {
		return fmt.Errorf("module and name are %T and %T, not strings", module, name)
	}
	return m.global(ms, ns)
}
