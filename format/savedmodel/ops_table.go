package savedmodel

import (
	"fmt"
	"strconv"
	"strings"
	"sync"

	"github.com/slipwayml/slipway/tensor"
)

// table is a lookup table (HashTableV2): keys are strings or int64s,
// values strings or numbers kept as float64.
type table struct {
	keyType, valueType tensor.DType
	mu                 sync.RWMutex
	m                  map[any]any
}

// tables holds a model's lookup tables by shared name.
type tables struct {
	mu sync.Mutex
	m  map[string]*table
}

func (ts *tables) get(name string, key, val tensor.DType) (*table, error) {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	if ts.m == nil {
		ts.m = map[string]*table{}
	}
	t, ok := ts.m[name]
	if !ok {
		t = &table{keyType: key, valueType: val, m: map[any]any{}}
		ts.m[name] = t
	}
	if t.keyType != key || t.valueType != val {
		return nil, fmt.Errorf("table %q is %v→%v, not %v→%v", name, t.keyType, t.valueType, key, val)
	}
	return t, nil
}

// elements returns a tensor's elements as table keys or values.
func elements(t *tensor.Tensor) ([]any, error) {
	if s, ok := tensor.Values[string](t); ok {
		return convert(s, func(x string) any { return x }), nil
	}
	if i, ok := tensor.Values[int64](t); ok {
		return convert(i, func(x int64) any { return x }), nil
	}
	f, err := asFloat64(t)
	if err != nil {
		return nil, err
	}
	return convert(f, func(x float64) any { return x }), nil
}

// build makes a tensor of the table's value type from looked-up values.
func (t *table) build(shape []int, vals []any) (*tensor.Tensor, error) {
	if t.valueType == tensor.String {
		return tensor.New(shape, convert(vals, func(v any) string { s, _ := v.(string); return s }))
	}
	return fromFloat64(t.valueType, shape, convert(vals, func(v any) float64 {
		switch x := v.(type) {
		case int64:
			return float64(x)
		case float64:
			return x
		}
		return 0
	}))
}

var hashTableOp = &kernel{arity: 0, run: func(c *call, _ []value) ([]value, error) {
	key, err := c.attrType("key_dtype")
	if err != nil {
		return nil, err
	}
	val, err := c.attrType("value_dtype")
	if err != nil {
		return nil, err
	}
	name := c.attrString("shared_name")
	if name == "" {
		name = c.n.name()
	}
	t, err := c.s.tables.get(name, key, val)
	if err != nil {
		return nil, err
	}
	return []value{{table: t}}, nil
}}

func tableInput(in value) (*table, error) {
	if in.table == nil {
		return nil, fmt.Errorf("input 0 is not a lookup table")
	}
	return in.table, nil
}

// tableUpdateOp is LookupTableImportV2 (replace: the table becomes the
// keys and values) and LookupTableInsertV2 (they are added to it).
func tableUpdateOp(replace bool) *kernel {
	return &kernel{arity: 3, run: func(_ *call, in []value) ([]value, error) {
		t, _, keys, vals, err := tableKeys(in)
		if err != nil {
			return nil, err
		}
		if len(keys) != len(vals) {
			return nil, fmt.Errorf("%d keys and %d values", len(keys), len(vals))
		}
		t.mu.Lock()
		defer t.mu.Unlock()
		if replace {
			clear(t.m)
		}
		for i, k := range keys {
			t.m[k] = vals[i]
		}
		return nil, nil
	}}
}

var lookupTableFindOp = &kernel{arity: 3, run: func(_ *call, in []value) ([]value, error) {
	t, shape, keys, def, err := tableKeys(in)
	if err != nil {
		return nil, err
	}
	if len(def) != 1 {
		return nil, fmt.Errorf("default value must be a scalar")
	}
	out := make([]any, len(keys))
	t.mu.RLock()
	for i, k := range keys {
		v, ok := t.m[k]
		if !ok {
			v = def[0]
		}
		out[i] = v
	}
	t.mu.RUnlock()
	return one(t.build(shape, out))
}}

// tableKeys reads the inputs of the ops that take a table, keys and a
// second tensor (the values to store, or the default to find): the table,
// the keys' shape, and the elements of the keys and of the second tensor.
func tableKeys(in []value) (t *table, shape []int, keys, second []any, err error) {
	if t, err = tableInput(in[0]); err != nil {
		return nil, nil, nil, nil, err
	}
	ts, err := tensors(in[1:])
	if err != nil {
		return nil, nil, nil, nil, err
	}
	if keys, err = elements(ts[0]); err != nil {
		return nil, nil, nil, nil, fmt.Errorf("keys: %w", err)
	}
	if second, err = elements(ts[1]); err != nil {
		return nil, nil, nil, nil, fmt.Errorf("input 2: %w", err)
	}
	return t, ts[0].Shape(), keys, second, nil
}

var lookupTableSizeOp = &kernel{arity: 1, run: func(_ *call, in []value) ([]value, error) {
	t, err := tableInput(in[0])
	if err != nil {
		return nil, err
	}
	t.mu.RLock()
	defer t.mu.RUnlock()
	return one(tensor.New([]int{}, []int64{int64(len(t.m))}))
}}

// Special column indexes of InitializeTableFromTextFileV2.
const (
	wholeLine  = -2
	lineNumber = -1
)

var initTableFromTextFileOp = &kernel{arity: 2, run: func(c *call, in []value) ([]value, error) {
	t, err := tableInput(in[0])
	if err != nil {
		return nil, err
	}
	file, err := in[1].tensor()
	if err != nil {
		return nil, err
	}
	name, err := stringScalar(file)
	if err != nil {
		return nil, err
	}
	data, err := c.s.readAsset(name)
	if err != nil {
		return nil, err
	}
	delim := c.attrString("delimiter")
	if delim == "" {
		delim = "\t"
	}
	keyCol, valCol := int(c.attrInt("key_index", wholeLine)), int(c.attrInt("value_index", lineNumber))
	lines := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
	if size := int(c.attrInt("vocab_size", -1)); size >= 0 && size < len(lines) {
		lines = lines[:size]
	}
	m := make(map[any]any, len(lines))
	for i, line := range lines {
		line = strings.TrimSuffix(line, "\r") // TensorFlow's line reader drops it too
		k, err := column(line, i, keyCol, delim, t.keyType)
		if err != nil {
			return nil, fmt.Errorf("%s line %d: key: %w", name, i+1, err)
		}
		v, err := column(line, i, valCol, delim, t.valueType)
		if err != nil {
			return nil, fmt.Errorf("%s line %d: value: %w", name, i+1, err)
		}
		m[k] = v
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	t.m = m
	return nil, nil
}}

// column extracts a table key or value from a line of a text file.
func column(line string, n, col int, delim string, dt tensor.DType) (any, error) {
	var s string
	switch col {
	case lineNumber:
		return int64(n), nil
	case wholeLine:
		s = line
	default:
		cols := strings.Split(line, delim)
		if col < 0 || col >= len(cols) {
			return nil, fmt.Errorf("no column %d", col)
		}
		s = cols[col]
	}
	switch {
	case dt == tensor.String:
		return s, nil
	case dt == tensor.Int64 || dt == tensor.Int32:
		return strconv.ParseInt(s, 10, 64)
	case dt.IsFloat():
		return strconv.ParseFloat(s, 64)
	}
	return nil, fmt.Errorf("%v tables: %w", dt, ErrUnsupported)
}
