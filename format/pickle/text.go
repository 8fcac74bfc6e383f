package pickle

import (
	"bytes"
	"errors"
	"fmt"
	"math/big"
	"strconv"
	"unicode/utf8"
)

// Protocol 0 writes arguments as newline-terminated text. These parse them.

// parseInt reads INT, which protocol 0 also uses for bools ("01", "00").
func parseInt(line []byte) (any, error) {
	switch string(line) {
	case "01":
		return true, nil
	case "00":
		return false, nil
	}
	return parseDecimal(line)
}

// parseLong reads LONG, a decimal with Python 2's optional 'L' suffix.
func parseLong(line []byte) (any, error) {
	return parseDecimal(bytes.TrimSuffix(line, []byte("L")))
}

func parseDecimal(line []byte) (any, error) {
	s := string(bytes.TrimSpace(line))
	if v, err := strconv.ParseInt(s, 10, 64); err == nil {
		return v, nil
	}
	if s == "" || s[0] == '_' || s[len(s)-1] == '_' {
		return nil, fmt.Errorf("invalid integer %q", s)
	}
	v, ok := new(big.Int).SetString(s, 10)
	if !ok {
		return nil, fmt.Errorf("invalid integer %q", s)
	}
	return v, nil
}

func parseFloat(line []byte) (any, error) {
	v, err := strconv.ParseFloat(string(bytes.TrimSpace(line)), 64)
	if err != nil {
		return nil, fmt.Errorf("invalid float %q", line)
	}
	return v, nil
}

func parseMemoKey(line []byte) (uint64, error) {
	k, err := strconv.ParseUint(string(line), 10, 64)
	if err != nil {
		return 0, fmt.Errorf("invalid memo key %q", line)
	}
	return k, nil
}

// decodeLong reads LONG1/LONG4's little-endian two's complement bytes.
func decodeLong(b []byte) any {
	if len(b) <= 8 {
		var v uint64
		for i := len(b) - 1; i >= 0; i-- {
			v = v<<8 | uint64(b[i])
		}
		if n := uint(len(b)) * 8; n > 0 && n < 64 && b[len(b)-1]&0x80 != 0 {
			v |= ^uint64(0) << n // sign-extend
		}
		return int64(v)
	}
	be := make([]byte, len(b))
	for i, c := range b {
		be[len(b)-1-i] = c
	}
	v := new(big.Int).SetBytes(be)
	if b[len(b)-1]&0x80 != 0 {
		v.Sub(v, new(big.Int).Lsh(big.NewInt(1), uint(len(b))*8))
	}
	if v.IsInt64() {
		return v.Int64()
	}
	return v
}

// parseString reads STRING: a quoted Python 2 str literal with escapes.
// Like BINSTRING it yields the raw bytes as a Go string.
func parseString(line []byte) (any, error) {
	if len(line) < 2 || line[0] != line[len(line)-1] || (line[0] != '\'' && line[0] != '"') {
		return nil, fmt.Errorf("STRING argument %q is not quoted", line)
	}
	s, err := unescape(line[1 : len(line)-1])
	if err != nil {
		return nil, fmt.Errorf("STRING argument %q: %w", line, err)
	}
	return s, nil
}

// unescape decodes the backslash escapes of codecs.escape_decode.
func unescape(b []byte) (string, error) {
	out := make([]byte, 0, len(b))
	for i := 0; i < len(b); i++ {
		c := b[i]
		if c != '\\' || i+1 == len(b) {
			out = append(out, c)
			continue
		}
		i++
		switch c = b[i]; c {
		case '\n':
		case '\\', '\'', '"':
			out = append(out, c)
		case 'a':
			out = append(out, '\a')
		case 'b':
			out = append(out, '\b')
		case 'f':
			out = append(out, '\f')
		case 'n':
			out = append(out, '\n')
		case 'r':
			out = append(out, '\r')
		case 't':
			out = append(out, '\t')
		case 'v':
			out = append(out, '\v')
		case 'x':
			if i+2 >= len(b) {
				return "", errors.New(`truncated \x escape`)
			}
			v, err := strconv.ParseUint(string(b[i+1:i+3]), 16, 8)
			if err != nil {
				return "", fmt.Errorf(`invalid \x escape %q`, b[i-1:i+3])
			}
			out = append(out, byte(v))
			i += 2
		case '0', '1', '2', '3', '4', '5', '6', '7':
			v, j := 0, i
			for ; j < len(b) && j < i+3 && b[j] >= '0' && b[j] <= '7'; j++ {
				v = v*8 + int(b[j]-'0')
			}
			out = append(out, byte(v))
			i = j - 1
		default:
			out = append(out, '\\', c)
		}
	}
	return string(out), nil
}

// parseRawUnicode reads UNICODE, encoded with raw-unicode-escape: bytes
// are Latin-1 code points except \uXXXX and \UXXXXXXXX escapes, which
// count only after an odd number of backslashes.
func parseRawUnicode(b []byte) (any, error) {
	out := make([]byte, 0, len(b))
	for i := 0; i < len(b); {
		if b[i] != '\\' {
			out = utf8.AppendRune(out, rune(b[i]))
			i++
			continue
		}
		run := i
		for i < len(b) && b[i] == '\\' {
			i++
		}
		n := i - run
		if n%2 == 0 || i == len(b) || (b[i] != 'u' && b[i] != 'U') {
			out = append(out, b[run:i]...)
			continue
		}
		out = append(out, b[run:i-1]...)
		width := 4
		if b[i] == 'U' {
			width = 8
		}
		if i+1+width > len(b) {
			return nil, fmt.Errorf("truncated \\%c escape in UNICODE argument", b[i])
		}
		r, err := strconv.ParseUint(string(b[i+1:i+1+width]), 16, 32)
		if err != nil || r > utf8.MaxRune {
			return nil, fmt.Errorf("invalid escape %q in UNICODE argument", b[i-1:i+1+width])
		}
		out = utf8.AppendRune(out, rune(r))
		i += 1 + width
	}
	return string(out), nil
}

// globalLines reads GLOBAL's and INST's "module\nname\n" arguments.
func globalLines(in *input) (module, name string, err error) {
	mod, err := in.line()
	if err != nil {
		return "", "", err
	}
	nm, err := in.line()
	if err != nil {
		return "", "", err
	}
	return string(mod), string(nm), nil
}
