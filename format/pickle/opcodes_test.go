package pickle

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"io"
	"math/big"
	"strings"
	"testing"
)

func le64(n uint64) string { return string(binary.LittleEndian.AppendUint64(nil, n)) }
func le32(n uint32) string { return string(binary.LittleEndian.AppendUint32(nil, n)) }

func bigInt(s string) *big.Int {
	v, _ := new(big.Int).SetString(s, 10)
	return v
}

func point(args ...any) *Object {
	return &Object{Class: Global{"slipway_test", "Point"}, Args: args}
}

// opcodeCases cover the opcodes CPython's pickler no longer writes (so
// gen_pickles.py cannot produce them) and protocol 0's text forms. Each
// expected value is what CPython's pickle.loads returns for the bytes.
var opcodeCases = []struct {
	name   string
	pickle string
	want   any
}{
	{"INT true", "I01\n.", true},
	{"INT false", "I00\n.", false},
	{"INT negative", "I-7\n.", int64(-7)},
	{"INT beyond int64", "I99999999999999999999\n.", bigInt("99999999999999999999")},
	{"LONG suffix", "L123L\n.", int64(123)},
	{"LONG big", "L-99999999999999999999L\n.", bigInt("-99999999999999999999")},
	{"FLOAT", "F-1.25e3\n.", -1250.0},
	{"STRING escapes", `S'a\'b\n\x41\101\q'` + "\n.", "a'b\nAA\\q"},
	{"STRING double quotes", `S"x"` + "\n.", "x"},
	{"UNICODE raw escapes", `Vab\u00e9\\u0041` + "\n.", `abé\\u0041`},
	{"UNICODE wide escape", `V\U0001F600` + "\n.", "😀"},
	{"BINSTRING", "T\x03\x00\x00\x00abc.", "abc"},
	{"SHORT_BINSTRING", "U\x02hi.", "hi"},
	{"BINUNICODE8", "\x80\x04\x8d" + le64(6) + "héllo.", "héllo"},
	{"BINBYTES8", "\x80\x04\x8e" + le64(3) + "abc.", []byte("abc")},
	{"BYTEARRAY8", "\x80\x05\x96" + le64(2) + "xy.", []byte("xy")},
	{"READONLY_BUFFER in-band", "\x80\x05C\x01a\x98.", []byte("a")},
	{"LONG1 zero", "\x8a\x00.", int64(0)},
	{"LONG1 minus one", "\x8a\x01\xff.", int64(-1)},
	{"LONG1 min int64", "\x8a\x08\x00\x00\x00\x00\x00\x00\x00\x80.", int64(-1 << 63)},
	{"LONG1 2^63", "\x8a\x09\x00\x00\x00\x00\x00\x00\x00\x80\x00.", bigInt("9223372036854775808")},
	{"LONG4", "\x8b\x02\x00\x00\x00\x00\x01.", int64(256)},
	{"DUP", "K\x052\x86.", Tuple{int64(5), int64(5)}},
	{"POP", "K\x01K\x020.", int64(1)},
	{"POP of a MARK", "K\x01(0.", int64(1)},
	{"POP_MARK", "K\x01(K\x02K\x031.", int64(1)},
	{"PUT and GET text", "K\x07p12\n0g12\n.", int64(7)},
	{"LONG_BINPUT and LONG_BINGET", "K\x07r\xff\xff\xff\x7f0j\xff\xff\xff\x7f.", int64(7)},
	{"INST", "(K\x01K\x02islipway_test\nPoint\n.", point(int64(1), int64(2))},
	{"OBJ", "(cslipway_test\nPoint\nK\x01o.", point(int64(1))},
	{"FRAME", "\x80\x04\x95" + le64(3) + "K\x01.", int64(1)},
	{"copy_reg renamed", "ccopy_reg\n_reconstructor\n.", Global{"copyreg", "_reconstructor"}},
	{"long renamed", "c__builtin__\nlong\n.", Global{"builtins", "int"}},
	{"bytes from latin-1", "c_codecs\nencode\n(V\\u00ff\nVlatin1\ntR.", []byte{0xff}},
	{"bytearray from ints", "\x80\x02c__builtin__\nbytearray\n](K\x01K\xffe\x85R.", []byte{1, 255}},
	{"complex", "\x80\x02cbuiltins\ncomplex\nG?\xf8\x00\x00\x00\x00\x00\x00K\x02\x86R.", complex(1.5, 2)},
	{"OrderedDict", "\x80\x02ccollections\nOrderedDict\n]](K\x01K\x02ea\x85R.", &Dict{Keys: []any{int64(1)}, Values: []any{int64(2)}}},
	{"frozenset", "\x80\x04(K\x01K\x02\x91.", &Set{Items: []any{int64(1), int64(2)}}},
	{"trailing bytes ignored", "K\x01.garbage", int64(1)},
}

func TestOpcodes(t *testing.T) {
	for _, tt := range opcodeCases {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Load(strings.NewReader(tt.pickle), Options{Allow: allowTest})
			if err != nil {
				t.Fatal(err)
			}
			if !equalJSON(t, describe(got), describe(tt.want)) {
				t.Errorf("got %#v, want %#v", got, tt.want)
			}
		})
	}
}

func equalJSON(t *testing.T, a, b any) bool {
	t.Helper()
	ja, err1 := json.Marshal(a)
	jb, err2 := json.Marshal(b)
	if err1 != nil || err2 != nil {
		t.Fatal(err1, err2)
	}
	return bytes.Equal(ja, jb)
}

// opcodeErrorCases are unsupported or malformed opcodes; each must fail
// with an error naming the problem.
var opcodeErrorCases = []struct {
	name, pickle, want string
}{
	{"PERSID", "Pid\n.", "persistent IDs"},
	{"BINPERSID", "K\x01Q.", "persistent IDs"},
	{"EXT1", "\x80\x02\x82\x01.", "extension registry"},
	{"EXT2", "\x80\x02\x83\x01\x00.", "extension registry"},
	{"EXT4", "\x80\x02\x84\x01\x00\x00\x00.", "extension registry"},
	{"NEXT_BUFFER", "\x80\x05\x97.", "out-of-band buffer"},
	{"protocol 6", "\x80\x06K\x01.", "unsupported protocol 6"},
	{"unknown opcode", "\xff.", "invalid opcode"},
	{"empty stack at STOP", ".", "stack underflow"},
	{"STOP inside a MARK", "K\x01(.", "stack underflow"},
	{"no STOP", "K\x01", "without a STOP"},
	{"GET of an unknown key", "h\x05.", "memo key 5 was never stored"},
	{"REDUCE with a non-tuple", "\x80\x02cbuiltins\nset\nK\x01R.", "not a tuple"},
	{"call of a non-global", "\x80\x02K\x01)R.", "cannot call int64"},
	{"call of a type value", "\x80\x02cnumpy\nfloat64\n)R.", "calling numpy.float64 is not supported"},
	{"APPEND to a tuple", ")K\x01a.", "cannot append to pickle.Tuple"},
	{"SETITEMS odd", "}(K\x01u.", "odd number of values"},
	{"BUILD on a dict", "}}b.", "cannot set the state of *pickle.Dict"},
	{"LONG4 negative", "\x8b\xff\xff\xff\xff.", "negative length"},
	{"bad INT", "Ix\n.", "invalid integer"},
	{"bad STRING", "Sabc\n.", "not quoted"},
	{"joblib NDArrayWrapper", "\x80\x02cjoblib.numpy_pickle\nNDArrayWrapper\n)\x81.", "separate .npy files"},
	{"bytes of a size", "\x80\x02cbuiltins\nbytes\nJ\x00\x00\x00\x7f\x85R.", "unsupported arguments"},
	{"_reconstruct of a subclass", "\x80\x02cnumpy.core.multiarray\n_reconstruct\ncbuiltins\nobject\nK\x00\x85C\x01b\x87R.", "not numpy.ndarray"},
}

func TestOpcodeErrors(t *testing.T) {
	for _, tt := range opcodeErrorCases {
		t.Run(tt.name, func(t *testing.T) {
			v, err := Load(strings.NewReader(tt.pickle), Options{})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("got %v, %v; want an error containing %q", v, err, tt.want)
			}
		})
	}
}

// TestCycle checks that a list holding itself decodes to a cyclic value.
func TestCycle(t *testing.T) {
	v, err := Load(strings.NewReader("\x80\x02]q\x00h\x00a."), Options{})
	if err != nil {
		t.Fatal(err)
	}
	l, ok := v.(*List)
	if !ok || len(l.Items) != 1 || l.Items[0] != any(l) {
		t.Fatalf("got %#v, want a list that holds itself", v)
	}
}

// TestLargeDict checks SETITEMS on a dict large enough for the key index:
// a repeated key replaces the value, as in Python.
func TestLargeDict(t *testing.T) {
	var p strings.Builder
	p.WriteString("}(")
	for i := range 40 {
		p.WriteString("K" + string(rune(i)) + "K\x00")
	}
	p.WriteString("K\x03K\x09u.")
	v, err := Load(strings.NewReader(p.String()), Options{})
	if err != nil {
		t.Fatal(err)
	}
	d := v.(*Dict)
	if len(d.Keys) != 40 || d.Values[3] != int64(9) {
		t.Fatalf("got %d keys, d[3] = %v; want 40 keys, d[3] = 9", len(d.Keys), d.Values[3])
	}
}

func TestEmpty(t *testing.T) {
	_, err := Load(bytes.NewReader(nil), Options{})
	if err == nil || !strings.Contains(err.Error(), "empty") {
		t.Fatalf("got %v, want an error saying the input is empty", err)
	}
	if errors.Is(err, io.EOF) {
		t.Fatalf("error %v wraps io.EOF", err)
	}
}
