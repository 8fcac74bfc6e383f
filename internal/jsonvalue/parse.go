package jsonvalue

import (
	"fmt"
	"strings"
)

// parser is a recursive-descent parser over one copy of the input. Nested
// values collect their members on shared stacks and copy them, when they
// close, into exact-size slices carved from slabs.
type parser struct {
	s        string
	i        int
	depth    int
	maxDepth int
	vals     []any    // pending array elements and object values
	keys     []string // pending object keys

	anySlab    slab[any]
	stringSlab slab[string]
	objectSlab slab[Object]
}

// init sizes the slabs from the input, at about one value per eight bytes,
// so a small request takes one small chunk of each kind.
func (p *parser) init(s string, maxDepth int) {
	n := min(max(len(s)/8, 16), 4096)
	*p = parser{
		s:          s,
		maxDepth:   maxDepth,
		vals:       make([]any, 0, 16),
		keys:       make([]string, 0, 8),
		anySlab:    slab[any]{chunk: n},
		stringSlab: slab[string]{chunk: n / 4},
		objectSlab: slab[Object]{chunk: n / 8},
	}
}

func (p *parser) errorf(format string, args ...any) error {
	return &SyntaxError{Msg: fmt.Sprintf(format, args...), Offset: p.i}
}

// describe names the byte at the current offset for an error message.
func (p *parser) describe() string {
	if p.i >= len(p.s) {
		return "end of input"
	}
	return fmt.Sprintf("character %q", p.s[p.i])
}

func (p *parser) skipSpace() {
	for p.i < len(p.s) {
		switch p.s[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
		default:
			return
		}
	}
}

func (p *parser) value() (any, error) {
	p.skipSpace()
	if p.i >= len(p.s) {
		return nil, p.errorf("unexpected end of input, want a value")
	}
	switch c := p.s[p.i]; c {
	case '{':
		return p.object()
	case '[':
		return p.array()
	case '"':
		return p.string()
	case 't':
		return true, p.literal("true")
	case 'f':
		return false, p.literal("false")
	case 'n':
		return nil, p.literal("null")
	case 'N':
		return Number("NaN"), p.literal("NaN")
	case 'I':
		return Number("Infinity"), p.literal("Infinity")
	default:
		if c == '-' || c >= '0' && c <= '9' {
			return p.number()
		}
		return nil, p.errorf("unexpected %s, want a value", p.describe())
	}
}

func (p *parser) literal(word string) error {
	if !strings.HasPrefix(p.s[p.i:], word) {
		return p.errorf("invalid literal, want %s", word)
	}
	p.i += len(word)
	return nil
}

func (p *parser) enter() error {
	p.depth++
	if p.depth > p.maxDepth {
		return p.errorf("JSON nesting deeper than %d", p.maxDepth)
	}
	p.i++ // the opening bracket
	return nil
}

func (p *parser) array() (any, error) {
	if err := p.enter(); err != nil {
		return nil, err
	}
	base := len(p.vals)
	p.skipSpace()
	if p.i < len(p.s) && p.s[p.i] == ']' {
		p.i++
		p.depth--
		return []any{}, nil
	}
	for {
		v, err := p.value()
		if err != nil {
			return nil, err
		}
		p.vals = append(p.vals, v)
		p.skipSpace()
		if p.i >= len(p.s) {
			return nil, p.errorf("unexpected end of input in array")
		}
		switch p.s[p.i] {
		case ',':
			p.i++
		case ']':
			p.i++
			p.depth--
			a := p.anySlab.alloc(len(p.vals) - base)
			copy(a, p.vals[base:])
			clear(p.vals[base:]) // let the stack drop its references
			p.vals = p.vals[:base]
			return a, nil
		default:
			return nil, p.errorf("unexpected %s in array, want ',' or ']'", p.describe())
		}
	}
}

func (p *parser) object() (any, error) {
	if err := p.enter(); err != nil {
		return nil, err
	}
	base := len(p.vals)
	p.skipSpace()
	if p.i < len(p.s) && p.s[p.i] == '}' {
		p.i++
		p.depth--
		return &Object{Keys: []string{}, Values: []any{}}, nil
	}
	for {
		p.skipSpace()
		if p.i >= len(p.s) || p.s[p.i] != '"' {
			return nil, p.errorf("unexpected %s in object, want a string key", p.describe())
		}
		k, err := p.string()
		if err != nil {
			return nil, err
		}
		p.skipSpace()
		if p.i >= len(p.s) || p.s[p.i] != ':' {
			return nil, p.errorf("unexpected %s after object key, want ':'", p.describe())
		}
		p.i++
		v, err := p.value()
		if err != nil {
			return nil, err
		}
		p.keys = append(p.keys, k)
		p.vals = append(p.vals, v)
		p.skipSpace()
		if p.i >= len(p.s) {
			return nil, p.errorf("unexpected end of input in object")
		}
		switch p.s[p.i] {
		case ',':
			p.i++
		case '}':
			p.i++
			p.depth--
			n := len(p.vals) - base
			kbase := len(p.keys) - n
			o := &p.objectSlab.alloc(1)[0]
			o.Keys = p.stringSlab.alloc(n)
			o.Values = p.anySlab.alloc(n)
			copy(o.Keys, p.keys[kbase:])
			copy(o.Values, p.vals[base:])
			clear(p.vals[base:])
			p.keys = p.keys[:kbase]
			p.vals = p.vals[:base]
			return o, nil
		default:
			return nil, p.errorf("unexpected %s in object, want ',' or '}'", p.describe())
		}
	}
}

// number scans an RFC 8259 number, or -Infinity.
func (p *parser) number() (any, error) {
	start := p.i
	if p.s[p.i] == '-' {
		p.i++
		if p.i < len(p.s) && p.s[p.i] == 'I' {
			if err := p.literal("Infinity"); err != nil {
				return nil, err
			}
			return Number("-Infinity"), nil
		}
	}
	switch {
	case p.i < len(p.s) && p.s[p.i] == '0':
		p.i++
		if p.i < len(p.s) && isDigit(p.s[p.i]) {
			return nil, p.errorf("invalid number: leading zero")
		}
	case !p.digits():
		return nil, p.errorf("invalid number: want a digit, got %s", p.describe())
	}
	if p.i < len(p.s) && p.s[p.i] == '.' {
		p.i++
		if !p.digits() {
			return nil, p.errorf("invalid number: want a digit after '.', got %s", p.describe())
		}
	}
	if p.i < len(p.s) && (p.s[p.i] == 'e' || p.s[p.i] == 'E') {
		p.i++
		if p.i < len(p.s) && (p.s[p.i] == '+' || p.s[p.i] == '-') {
			p.i++
		}
		if !p.digits() {
			return nil, p.errorf("invalid number: want a digit in exponent, got %s", p.describe())
		}
	}
	return Number(p.s[start:p.i]), nil
}

// digits skips a run of digits and reports whether there was at least one.
func (p *parser) digits() bool {
	start := p.i
	for p.i < len(p.s) && isDigit(p.s[p.i]) {
		p.i++
	}
	return p.i > start
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }
