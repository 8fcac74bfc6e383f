package pickle

import (
	"errors"
	"fmt"
	"io"
)

// machine is the unpickling VM: a stack, the positions of its MARKs and a
// memo. It only ever builds the values documented in value.go.
type machine struct {
	in    *input
	opts  *Options
	stack []any
	marks []int
	// The memo: picklers number entries 0, 1, 2…, which a slice holds;
	// other keys go to a map. A nil slot is unset (no value is nil).
	memo   []any
	sparse map[uint64]any
	stored int
	// nest counts the MARKs held by the machines that started this one (a
	// joblib object array is a pickle nested in the stream).
	nest int
	// index finds keys of large dicts under construction in constant time,
	// so SETITEMS stays linear.
	index map[*Dict]map[any]int
	// built holds the arrays and dtypes BUILD has set.
	built map[any]bool
	// work counts the bytes and items that calls and BUILD copy, shared
	// with nested machines. The memo lets a few input bytes repeat such a
	// copy, so it is bounded by MaxBytes to keep loading linear.
	work *int64
}

// decode runs one pickle from in.pos to its STOP opcode.
func decode(in *input, opts *Options) (any, error) {
	return (&machine{in: in, opts: opts, work: new(int64)}).run()
}

// nested runs a pickle embedded in the stream (a joblib object array)
// under this machine's depth and work budgets.
func (m *machine) nested() (any, error) {
	sub := &machine{in: m.in, opts: m.opts, nest: m.nest + len(m.marks) + 1, work: m.work}
	if sub.nest >= m.opts.MaxDepth {
		return nil, fmt.Errorf("nested pickles deeper than %d: %w", m.opts.MaxDepth, ErrLimit)
	}
	return sub.run()
}

// charge accounts for copying n bytes or items.
func (m *machine) charge(n int) error {
	*m.work += int64(n)
	if *m.work > m.opts.MaxBytes {
		return fmt.Errorf("values copy more than %d bytes and items: %w", m.opts.MaxBytes, ErrLimit)
	}
	return nil
}

func (m *machine) run() (any, error) {
	for {
		start := m.in.pos
		op, err := m.in.byte()
		if err != nil {
			return nil, fmt.Errorf("pickle: stream ends at offset %d without a STOP opcode: %w", start, err)
		}
		if op == opStop {
			v, err := m.pop()
			if err != nil {
				return nil, fmt.Errorf("pickle: STOP at offset %d: %w", start, err)
			}
			return v, nil
		}
		err = m.step(op)
		if err == nil && len(m.stack) > m.opts.MaxStack {
			err = fmt.Errorf("stack holds more than %d values: %w", m.opts.MaxStack, ErrLimit)
		}
		if err != nil {
			var fe *ForbiddenError
			if errors.As(err, &fe) {
				return nil, err
			}
			return nil, fmt.Errorf("pickle: %s at offset %d: %w", opName(op), start, err)
		}
	}
}

func (m *machine) push(v any) { m.stack = append(m.stack, v) }

// floor is the stack index above the innermost MARK.
func (m *machine) floor() int {
	if len(m.marks) == 0 {
		return 0
	}
	return m.marks[len(m.marks)-1]
}

func (m *machine) pop() (any, error) {
	if len(m.stack) <= m.floor() {
		return nil, errors.New("stack underflow")
	}
	v := m.stack[len(m.stack)-1]
	m.stack = m.stack[:len(m.stack)-1]
	return v, nil
}

func (m *machine) top() (any, error) {
	if len(m.stack) <= m.floor() {
		return nil, errors.New("stack underflow")
	}
	return m.stack[len(m.stack)-1], nil
}

func (m *machine) mark() error {
	if m.nest+len(m.marks) >= m.opts.MaxDepth {
		return fmt.Errorf("nesting deeper than %d: %w", m.opts.MaxDepth, ErrLimit)
	}
	m.marks = append(m.marks, len(m.stack))
	return nil
}

// popMark removes and returns the values above the innermost MARK. The
// result shares the stack's memory: use it before the next push.
func (m *machine) popMark() ([]any, error) {
	if len(m.marks) == 0 {
		return nil, errors.New("no MARK on the stack")
	}
	at := m.marks[len(m.marks)-1]
	m.marks = m.marks[:len(m.marks)-1]
	items := m.stack[at:]
	m.stack = m.stack[:at]
	return items, nil
}

func (m *machine) put(key uint64) error {
	v, err := m.top()
	if err != nil {
		return err
	}
	if _, ok := m.lookup(key); !ok {
		if m.stored >= m.opts.MaxMemo {
			return fmt.Errorf("memo holds more than %d entries: %w", m.opts.MaxMemo, ErrLimit)
		}
		m.stored++
	}
	switch {
	case key < uint64(len(m.memo)):
		m.memo[key] = v
	case key == uint64(len(m.memo)):
		m.memo = append(m.memo, v)
	default:
		if m.sparse == nil {
			m.sparse = map[uint64]any{}
		}
		m.sparse[key] = v
	}
	return nil
}

func (m *machine) lookup(key uint64) (any, bool) {
	if key < uint64(len(m.memo)) && m.memo[key] != nil {
		return m.memo[key], true
	}
	v, ok := m.sparse[key]
	return v, ok
}

func (m *machine) get(key uint64) error {
	v, ok := m.lookup(key)
	if !ok {
		return fmt.Errorf("memo key %d was never stored", key)
	}
	// A joblib wrapper is replaced by its array once BUILD has read it.
	if w, ok := v.(*arrayWrapper); ok && w.array != nil {
		v = w.array
	}
	m.push(v)
	return nil
}

// global checks a global against the allow-list before anything refers
// to it.
func (m *machine) global(module, name string) error {
	g := Global{Module: module, Name: name}
	if !m.opts.allowed(g) {
		return &ForbiddenError{Global: g}
	}
	m.push(python3Name(g))
	return nil
}

// python3Name renames the Python 2 spellings of built-ins that protocols
// 0-2 write, as Python 3's unpickler does (fix_imports), so that a value
// reads the same whatever protocol wrote it.
func python3Name(g Global) Global {
	switch g.Module {
	case "__builtin__":
		g.Module = "builtins"
		switch g.Name {
		case "long":
			g.Name = "int"
		case "unicode":
			g.Name = "str"
		}
	case "copy_reg":
		g.Module = "copyreg"
	}
	return g
}

// readAll reads r fully, failing once it exceeds max bytes.
func readAll(r io.Reader, max int64) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, max+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > max {
		return nil, fmt.Errorf("pickle: input larger than %d bytes: %w", max, ErrLimit)
	}
	return data, nil
}
