package pickle

import (
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// ndarray returns a protocol 2 pickle of a float64 array with the given
// shape (a tuple's opcodes) and raw data.
func ndarray(shape, data string) string {
	return "\x80\x02cnumpy.core.multiarray\n_reconstruct\ncnumpy\nndarray\nK\x00\x85C\x01b\x87R" +
		"(K\x01" + shape + "cnumpy\ndtype\n" + sbin("f8") + "\x89\x88\x87R\x89C" + string([]byte{byte(len(data))}) + data + "tb."
}

// TestLimits checks that hostile sizes fail fast with an error wrapping
// ErrLimit or io.ErrUnexpectedEOF instead of allocating.
func TestLimits(t *testing.T) {
	huge := le64(1 << 40)
	tests := []struct {
		name, pickle string
		opts         Options
		want         error // nil: any error
	}{
		{"1 TiB BINUNICODE8 in 22 bytes", "\x80\x04\x8d" + huge + "0123456789.", Options{}, io.ErrUnexpectedEOF},
		{"1 TiB BINBYTES8", "\x80\x04\x8e" + huge + "x.", Options{}, io.ErrUnexpectedEOF},
		{"1 TiB BYTEARRAY8", "\x80\x05\x96" + huge + "x.", Options{}, io.ErrUnexpectedEOF},
		{"4 GiB BINUNICODE", "X\xff\xff\xff\xffx.", Options{}, io.ErrUnexpectedEOF},
		{"2 GiB LONG4", "\x8b\xff\xff\xff\x7fx.", Options{}, io.ErrUnexpectedEOF},
		{"1 TiB FRAME", "\x80\x04\x95" + huge + "K\x01.", Options{}, io.ErrUnexpectedEOF},
		{"deep MARKs", strings.Repeat("(", 100_000) + ".", Options{}, ErrLimit},
		{"MARKs over MaxDepth", strings.Repeat("(", 11) + ".", Options{MaxDepth: 10}, ErrLimit},
		{"stack over MaxStack", strings.Repeat("N", 101) + ".", Options{MaxStack: 100}, ErrLimit},
		{"memo over MaxMemo", strings.Repeat("Nq\x00Nq\x01Nq\x02", 1) + ".", Options{MaxMemo: 2}, ErrLimit},
		{"input over MaxBytes", "N" + strings.Repeat("0N", 100) + ".", Options{MaxBytes: 100}, ErrLimit},
		{"memoized string encoded again and again", "\x80\x02c_codecs\nencode\nq\x01X" + le32(300) + strings.Repeat("a", 300) +
			"q\x020" + strings.Repeat("h\x01h\x02X\x06\x00\x00\x00latin1\x86R0", 5) + "N.", Options{MaxBytes: 1000}, ErrLimit},
		{"huge memo index missing", "j\xff\xff\xff\xff.", Options{}, nil},
		{"array shape overflow", ndarray("\x8a\x05\x00\x00\x00\x00\x01\x8a\x05\x00\x00\x00\x00\x01\x86", ""), Options{}, nil},
		{"array shape larger than data", ndarray("K\x03\x85", "12345678"), Options{}, nil},
		{"negative dimension", ndarray("J\xff\xff\xff\xff\x85", ""), Options{}, nil},
		{"joblib shape larger than stream", "\x80\x02cjoblib.numpy_pickle\nNumpyArrayWrapper\n)\x81}(" +
			sbin("shape") + "\x8a\x05\x00\x00\x00\x00\x01\x85" + sbin("order") + sbin("C") +
			sbin("dtype") + "cnumpy\ndtype\n" + sbin("f8") + "\x89\x88\x87Rub.", Options{}, io.ErrUnexpectedEOF},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			v, err := Load(strings.NewReader(tt.pickle), tt.opts)
			if err == nil {
				t.Fatalf("got %v, want an error", v)
			}
			if tt.want != nil && !errors.Is(err, tt.want) {
				t.Errorf("got %v, want an error wrapping %v", err, tt.want)
			}
			if d := time.Since(start); d > time.Second {
				t.Errorf("took %v", d)
			}
		})
	}
}

// TestHugeMemoIndex checks that a memo key near 2^32 costs one entry.
func TestHugeMemoIndex(t *testing.T) {
	v, err := Load(strings.NewReader("K\x07r\xff\xff\xff\xff0j\xff\xff\xff\xff."), Options{MaxMemo: 1})
	if err != nil || v != int64(7) {
		t.Fatalf("got %v, %v; want 7", v, err)
	}
}

// TestDeepLists checks that a list nested 100,000 deep, built without
// MARKs, decodes without recursion.
func TestDeepLists(t *testing.T) {
	const n = 100_000
	v, err := Load(strings.NewReader(strings.Repeat("]", n)+strings.Repeat("a", n-1)+"."), Options{})
	if err != nil {
		t.Fatal(err)
	}
	depth := 0
	for l, ok := v.(*List); ok; l, ok = l.Items[0].(*List) {
		if depth++; len(l.Items) == 0 {
			break
		}
	}
	if depth != n {
		t.Fatalf("depth %d, want %d", depth, n)
	}
}

// TestDecompressionBomb checks that MaxBytes bounds the decompressed size.
func TestDecompressionBomb(t *testing.T) {
	var buf bytes.Buffer
	w := gzip.NewWriter(&buf)
	w.Write([]byte("\x80\x04\x8e" + le64(64<<20)))
	w.Write(make([]byte, 64<<20))
	w.Close()
	path := filepath.Join(t.TempDir(), "bomb.joblib")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := LoadFile(path, Options{MaxBytes: 1 << 20})
	if !errors.Is(err, ErrLimit) {
		t.Fatalf("got %v, want an error wrapping ErrLimit", err)
	}
}

// TestTruncated loads every proper prefix of real pickles and joblib
// files: each must fail, none may panic.
func TestTruncated(t *testing.T) {
	for _, name := range []string{"strings.p0.pkl", "arrays.p2.pkl", "arrays.p5.pkl", "objects.p4.pkl", "joblib.joblib"} {
		data, err := os.ReadFile(filepath.Join(testdata, name))
		if err != nil {
			t.Fatal(err)
		}
		for n := range len(data) {
			if v, err := Load(bytes.NewReader(data[:n]), Options{Allow: allowTest}); err == nil {
				t.Fatalf("%s cut to %d bytes decoded to %v", name, n, v)
			}
		}
	}
}

// TestEmptyFile checks that a 0-byte file fails with an error saying so.
func TestEmptyFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "model.pkl")
	if err := os.WriteFile(path, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := LoadFile(path, Options{})
	if err == nil || !strings.Contains(err.Error(), "is empty") {
		t.Fatalf("got %v, want an error saying the file is empty", err)
	}
}
