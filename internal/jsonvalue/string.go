package jsonvalue

import (
	"unicode/utf16"
	"unicode/utf8"
)

// string scans a string literal starting at its opening quote. A string
// without escapes is a substring of the input and costs no allocation.
func (p *parser) string() (string, error) {
	p.i++ // opening quote
	start := p.i
	for p.i < len(p.s) {
		switch c := p.s[p.i]; {
		case c == '"':
			s := p.s[start:p.i]
			p.i++
			return s, nil
		case c == '\\':
			return p.unescape(start)
		case c < 0x20:
			return "", p.errorf("control character %q in string", c)
		case c < utf8.RuneSelf:
			p.i++
		default:
			if err := p.utf8(); err != nil {
				return "", err
			}
		}
	}
	return "", p.errorf("unexpected end of input in string")
}

// utf8 skips one multi-byte UTF-8 sequence, rejecting invalid encodings.
func (p *parser) utf8() error {
	r, size := utf8.DecodeRuneInString(p.s[p.i:])
	if r == utf8.RuneError && size == 1 {
		return p.errorf("invalid UTF-8 in string")
	}
	p.i += size
	return nil
}

// unescape finishes a string that contains escapes, building a copy.
func (p *parser) unescape(start int) (string, error) {
	b := make([]byte, 0, p.i-start+16)
	b = append(b, p.s[start:p.i]...)
	for p.i < len(p.s) {
		c := p.s[p.i]
		switch {
		case c == '"':
			p.i++
			return string(b), nil
		case c == '\\':
			var err error
			if b, err = p.escape(b); err != nil {
				return "", err
			}
		case c < 0x20:
			return "", p.errorf("control character %q in string", c)
		case c < utf8.RuneSelf:
			b = append(b, c)
			p.i++
		default:
			from := p.i
			if err := p.utf8(); err != nil {
				return "", err
			}
			b = append(b, p.s[from:p.i]...)
		}
	}
	return "", p.errorf("unexpected end of input in string")
}

// escape decodes one backslash escape, joining UTF-16 surrogate pairs.
func (p *parser) escape(b []byte) ([]byte, error) {
	if p.i+1 >= len(p.s) {
		p.i = len(p.s)
		return nil, p.errorf("unexpected end of input in string escape")
	}
	p.i++
	c := p.s[p.i]
	p.i++
	switch c {
	case '"', '\\', '/':
		return append(b, c), nil
	case 'b':
		return append(b, '\b'), nil
	case 'f':
		return append(b, '\f'), nil
	case 'n':
		return append(b, '\n'), nil
	case 'r':
		return append(b, '\r'), nil
	case 't':
		return append(b, '\t'), nil
	case 'u':
		r, err := p.hex4()
		if err != nil {
			return nil, err
		}
		if utf16.IsSurrogate(r) {
			if r >= 0xdc00 || p.i+1 >= len(p.s) || p.s[p.i] != '\\' || p.s[p.i+1] != 'u' {
				return nil, p.errorf("lone UTF-16 surrogate \\u%04x in string", r)
			}
			p.i += 2
			r2, err := p.hex4()
			if err != nil {
				return nil, err
			}
			pair := utf16.DecodeRune(r, r2)
			if pair == utf8.RuneError {
				return nil, p.errorf("lone UTF-16 surrogate \\u%04x in string", r)
			}
			r = pair
		}
		return utf8.AppendRune(b, r), nil
	}
	p.i--
	return nil, p.errorf("invalid escape '\\%c' in string", c)
}

// hex4 reads the four hex digits of a \u escape.
func (p *parser) hex4() (rune, error) {
	if p.i+4 > len(p.s) {
		return 0, p.errorf("unexpected end of input in \\u escape")
	}
	var r rune
	for j := range 4 {
		c := p.s[p.i+j]
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c >= 'a' && c <= 'f':
			c -= 'a' - 10
		case c >= 'A' && c <= 'F':
			c -= 'A' - 10
		default:
			p.i += j
			return 0, p.errorf("invalid hex digit %q in \\u escape", c)
		}
		r = r<<4 | rune(c)
	}
	p.i += 4
	return r, nil
}
