package pickle

import "fmt"

// indexFrom is the size from which a dict under construction gets a key
// index: below it a linear scan is cheaper than a map.
const indexFrom = 16

// appendTop runs APPEND: list.append(value).
func (m *machine) appendTop() error {
	v, err := m.pop()
	if err != nil {
		return err
	}
	return m.extend([]any{v})
}

// appendMarked runs APPENDS: the values above the MARK extend the list
// below it.
func (m *machine) appendMarked() error {
	items, err := m.popMark()
	if err != nil {
		return err
	}
	return m.extend(items)
}

func (m *machine) extend(items []any) error {
	target, err := m.top()
	if err != nil {
		return err
	}
	switch t := target.(type) {
	case *List:
		t.Items = append(t.Items, items...)
	case *Object: // a subclass of list
		t.Items = append(t.Items, items...)
	default:
		return fmt.Errorf("cannot append to %T", target)
	}
	return nil
}

// addItems runs ADDITEMS: the values above the MARK are added to the set
// below it.
func (m *machine) addItems() error {
	items, err := m.popMark()
	if err != nil {
		return err
	}
	target, err := m.top()
	if err != nil {
		return err
	}
	switch t := target.(type) {
	case *Set:
		t.Items = append(t.Items, items...)
	case *Object: // a subclass of set
		t.Items = append(t.Items, items...)
	default:
		return fmt.Errorf("cannot add items to %T", target)
	}
	return nil
}

// setItemTop runs SETITEM: dict[key] = value.
func (m *machine) setItemTop() error {
	if len(m.stack)-m.floor() < 3 {
		return fmt.Errorf("stack underflow")
	}
	kv := m.stack[len(m.stack)-2:]
	m.stack = m.stack[:len(m.stack)-2]
	return m.setItemsOnTop(kv)
}

// setItemsMarked runs SETITEMS: key/value pairs above the MARK go into
// the dict below it.
func (m *machine) setItemsMarked() error {
	items, err := m.popMark()
	if err != nil {
		return err
	}
	return m.setItemsOnTop(items)
}

func (m *machine) setItemsOnTop(kv []any) error {
	target, err := m.top()
	if err != nil {
		return err
	}
	switch t := target.(type) {
	case *Dict:
		return m.setItems(t, kv)
	case *Object: // a subclass of dict
		if t.Entries == nil {
			t.Entries = &Dict{}
		}
		return m.setItems(t.Entries, kv)
	}
	return fmt.Errorf("cannot set items on %T", target)
}

// setItems stores alternating keys and values in d.
func (m *machine) setItems(d *Dict, kv []any) error {
	if len(kv)%2 != 0 {
		return fmt.Errorf("odd number of values (%d) for key/value pairs", len(kv))
	}
	for i := 0; i < len(kv); i += 2 {
		m.setItem(d, kv[i], kv[i+1])
	}
	return nil
}

// setItem is d.Set(key, value) in constant time for large dicts.
func (m *machine) setItem(d *Dict, key, value any) {
	if len(d.Keys) < indexFrom {
		d.Set(key, value)
		return
	}
	idx := m.index[d]
	if idx == nil {
		if m.index == nil {
			m.index = map[*Dict]map[any]int{}
		}
		idx = make(map[any]int, len(d.Keys))
		for i, k := range d.Keys {
			if isComparable(k) {
				idx[k] = i
			}
		}
		m.index[d] = idx
	}
	if isComparable(key) {
		if i, ok := idx[key]; ok {
			d.Values[i] = value
			return
		}
		idx[key] = len(d.Keys)
	}
	d.Keys = append(d.Keys, key)
	d.Values = append(d.Values, value)
}
