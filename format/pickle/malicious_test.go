package pickle

import (
	"bytes"
	"compress/gzip"
	"compress/zlib"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pierrec/lz4/v4"
	"github.com/ulikunitz/xz"
)

// maliciousCase is a pickle that runs code in Python. Each payload, given
// the path of a file, would create that file when loaded by CPython.
type maliciousCase struct {
	name    string
	payload func(file string) string
	global  string // the global that must be refused
}

// sbin returns a SHORT_BINUNICODE or BINUNICODE opcode for s.
func sbin(s string) string {
	if len(s) < 256 {
		return "\x8c" + string([]byte{byte(len(s))}) + s
	}
	return "X" + le32(uint32(len(s))) + s
}

// str0 returns a protocol 0 STRING opcode for s, which must need no
// escaping.
func str0(s string) string { return "S'" + s + "'\n" }

var maliciousCases = []maliciousCase{
	{"posix.system p0", func(f string) string {
		return "cposix\nsystem\n(" + str0("touch "+f) + "tR."
	}, "posix.system"},
	{"os.system p2", func(f string) string {
		return "\x80\x02cos\nsystem\nX" + le32(uint32(len("touch "+f))) + "touch " + f + "\x85R."
	}, "os.system"},
	{"nt.system", func(f string) string {
		return "cnt\nsystem\n(" + str0("touch "+f) + "tR."
	}, "nt.system"},
	{"subprocess.Popen", func(f string) string {
		return "csubprocess\nPopen\n((" + str0("touch") + str0(f) + "ltR."
	}, "subprocess.Popen"},
	{"subprocess.check_call STACK_GLOBAL p4", func(f string) string {
		return "\x80\x04" + sbin("subprocess") + sbin("check_call") + "\x93](" + sbin("touch") + sbin(f) + "e\x85R."
	}, "subprocess.check_call"},
	{"builtins.eval", func(f string) string {
		return "cbuiltins\neval\n(" + str0(`__import__("os").system("touch `+f+`")`) + "tR."
	}, "builtins.eval"},
	{"builtins.exec", func(f string) string {
		return "cbuiltins\nexec\n(" + str0(`open("`+f+`", "w")`) + "tR."
	}, "builtins.exec"},
	{"__builtin__.eval", func(f string) string {
		return "c__builtin__\neval\n(" + str0(`open("`+f+`", "w")`) + "tR."
	}, "__builtin__.eval"},
	{"builtins.open", func(f string) string {
		return "cbuiltins\nopen\n(" + str0(f) + str0("w") + "tR."
	}, "builtins.open"},
	{"getattr(__import__('os'), 'system')", func(f string) string {
		return "cbuiltins\ngetattr\n(cbuiltins\n__import__\n(" + str0("os") + "tR" + str0("system") +
			"tR(" + str0("touch "+f) + "tR."
	}, "builtins.getattr"},
	{"__import__ p4", func(f string) string {
		return "\x80\x04" + sbin("builtins") + sbin("__import__") + "\x93" + sbin("os") + "\x85R."
	}, "builtins.__import__"},
	{"builtins.compile", func(f string) string {
		return "cbuiltins\ncompile\n(" + str0("1") + str0("x") + str0("eval") + "tR."
	}, "builtins.compile"},
	{"__main__ function", func(f string) string {
		return "c__main__\nevil\n)R."
	}, "__main__.evil"},
	{"types.CodeType", func(f string) string {
		return "\x80\x02ctypes\nCodeType\n)R."
	}, "types.CodeType"},
	{"cloudpickle _make_function", func(f string) string {
		return "\x80\x04" + sbin("cloudpickle.cloudpickle") + sbin("_make_function") + "\x93)R."
	}, "cloudpickle.cloudpickle._make_function"},
	{"INST os.system", func(f string) string {
		return "(" + str0("touch "+f) + "ios\nsystem\n."
	}, "os.system"},
	{"NEWOBJ subprocess.Popen", func(f string) string {
		return "\x80\x02csubprocess\nPopen\n](" + sbin("touch") + sbin(f) + "e\x85\x81."
	}, "subprocess.Popen"},
	{"nested in list and dict", func(f string) string {
		return "\x80\x02](K\x01}" + sbin("k") + "cposix\nsystem\n" + sbin("touch "+f) + "\x85Rse."
	}, "posix.system"},
	{"in an allowed object's state", func(f string) string {
		return "\x80\x02cslipway_test\nPoint\n)\x81}" + sbin("x") + "cos\nsystem\n" + sbin("touch "+f) + "\x85Rsb."
	}, "os.system"},
	{"in a numpy object array", func(f string) string {
		return "\x80\x02cnumpy.core.multiarray\n_reconstruct\ncnumpy\nndarray\nK\x00\x85C\x01b\x87R" +
			"(K\x01K\x01\x85cnumpy\ndtype\n" + sbin("O8") + "\x89\x88\x87R\x89](cos\nsystem\n" + sbin("touch "+f) + "\x85Retb."
	}, "os.system"},
	{"in a joblib object array", func(f string) string {
		return "\x80\x02cjoblib.numpy_pickle\nNumpyArrayWrapper\n)\x81}(" +
			sbin("subclass") + "cnumpy\nndarray\n" + sbin("shape") + "K\x01\x85" + sbin("order") + sbin("C") +
			sbin("allow_mmap") + "\x89" + sbin("dtype") + "cnumpy\ndtype\n" + sbin("O8") + "\x89\x88\x87Rub" +
			"\x80\x02cposix\nsystem\n" + sbin("touch "+f) + "\x85R."
	}, "posix.system"},
}

// compressors that joblib uses and Go can write; each turns a payload
// into a compressed joblib file.
var payloadContainers = map[string]func(w io.Writer) io.WriteCloser{
	"plain": func(w io.Writer) io.WriteCloser { return nopCloser{w} },
	"gzip":  func(w io.Writer) io.WriteCloser { return gzip.NewWriter(w) },
	"zlib":  func(w io.Writer) io.WriteCloser { return zlib.NewWriter(w) },
	"xz": func(w io.Writer) io.WriteCloser {
		x, _ := xz.NewWriter(w)
		return x
	},
	"lz4": func(w io.Writer) io.WriteCloser { return lz4.NewWriter(w) },
}

type nopCloser struct{ io.Writer }

func (nopCloser) Close() error { return nil }

// TestMalicious checks that every payload is refused naming its global,
// in every container, and that nothing ran: the file it would create
// does not exist.
func TestMalicious(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "pwned")
	for _, tc := range maliciousCases {
		for cname, container := range payloadContainers {
			t.Run(tc.name+"/"+cname, func(t *testing.T) {
				var buf bytes.Buffer
				w := container(&buf)
				io.WriteString(w, tc.payload(target))
				if err := w.Close(); err != nil {
					t.Fatal(err)
				}
				path := filepath.Join(dir, "payload.joblib")
				if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				if !IsPickle(buf.Bytes()) {
					t.Errorf("IsPickle does not recognise the payload")
				}
				v, err := LoadFile(path, Options{Allow: allowTest})
				var fe *ForbiddenError
				if !errors.As(err, &fe) || fe.Global.String() != tc.global {
					t.Fatalf("got %v, %v; want a ForbiddenError naming %s", v, err, tc.global)
				}
				if !strings.Contains(err.Error(), tc.global) {
					t.Errorf("error %q does not name %s", err, tc.global)
				}
				if _, err := os.Stat(target); !errors.Is(err, os.ErrNotExist) {
					t.Fatalf("%s exists: the payload ran", target)
				}
			})
		}
	}
}

// TestMaliciousAllowed shows that even an Allow that accepts every global
// runs nothing: calls become inert *Objects.
func TestMaliciousAllowed(t *testing.T) {
	target := filepath.Join(t.TempDir(), "pwned")
	for _, tc := range maliciousCases {
		t.Run(tc.name, func(t *testing.T) {
			// Some chains fail (an inert object cannot be called); either
			// way nothing may run.
			_, _ = Load(strings.NewReader(tc.payload(target)), Options{Allow: func(Global) bool { return true }})
			if _, err := os.Stat(target); !errors.Is(err, os.ErrNotExist) {
				t.Fatalf("%s exists: the payload ran", target)
			}
		})
	}
	v, err := Load(strings.NewReader(maliciousCases[0].payload(target)), Options{Allow: func(Global) bool { return true }})
	o, ok := v.(*Object)
	if err != nil || !ok || o.Class != (Global{"posix", "system"}) || len(o.Args) != 1 || o.Args[0] != "touch "+target {
		t.Fatalf("got %#v, %v; want an inert posix.system object recording its argument", v, err)
	}
}
