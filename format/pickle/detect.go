package pickle

import (
	"bytes"
	"compress/bzip2"
	"compress/gzip"
	"compress/zlib"
	"io"

	"github.com/pierrec/lz4/v4"
	"github.com/ulikunitz/xz"
	"github.com/ulikunitz/xz/lzma"
)

// joblib compresses a whole file with one of these; each is recognised by
// its magic bytes (joblib/compressor.py).
var compressors = []struct {
	magic []byte
	open  func(io.Reader) (io.Reader, error)
}{
	{[]byte{0x1f, 0x8b}, func(r io.Reader) (io.Reader, error) { return gzip.NewReader(r) }},
	{[]byte("BZh"), func(r io.Reader) (io.Reader, error) { return bzip2.NewReader(r), nil }},
	{[]byte{0xfd, '7', 'z', 'X', 'Z', 0x00}, func(r io.Reader) (io.Reader, error) { return xz.NewReader(r) }},
	{[]byte{0x5d, 0x00, 0x00}, func(r io.Reader) (io.Reader, error) { return lzma.NewReader(r) }},
	{[]byte{0x04, 0x22, 0x4d, 0x18}, func(r io.Reader) (io.Reader, error) { return lz4.NewReader(r), nil }},
	// joblib < 0.10 wrote "ZF", the data length in hex padded to 19 bytes,
	// then a zlib stream.
	{[]byte("ZF"), openZF},
}

// magicLen is the number of leading bytes detection looks at.
const magicLen = 32

func openZF(r io.Reader) (io.Reader, error) {
	if _, err := io.CopyN(io.Discard, r, 2+19); err != nil {
		return nil, err
	}
	return zlib.NewReader(r)
}

// isZlib reports a zlib header: deflate method with a valid check value.
func isZlib(head []byte) bool {
	return len(head) >= 2 && head[0] == 0x78 && (uint16(head[0])<<8|uint16(head[1]))%31 == 0
}

// decompress returns r, decompressed when head shows a joblib compressor.
func decompress(head []byte, r io.Reader) (io.Reader, error) {
	if isZlib(head) {
		return zlib.NewReader(r)
	}
	for _, c := range compressors {
		if bytes.HasPrefix(head, c.magic) {
			return c.open(r)
		}
	}
	return r, nil
}

// IsPickle reports whether head (a file's first bytes) looks like a pickle
// or joblib file.
func IsPickle(head []byte) bool {
	if isZlib(head) {
		return true
	}
	for _, c := range compressors {
		if bytes.HasPrefix(head, c.magic) {
			return true
		}
	}
	if len(head) >= 2 && head[0] == opProto {
		return head[1] >= 2 && head[1] <= highestProtocol
	}
	return looksLikeProtocol0(head, 2)
}

// looksLikeProtocol0 recognises how protocol 0 and 1 pickles of objects
// start: a GLOBAL or INST line naming a module, a quoted STRING, or an
// opening MARK or empty container followed by its PUT or such an opcode.
func looksLikeProtocol0(head []byte, depth int) bool {
	if len(head) < 2 || depth < 0 {
		return false
	}
	switch head[0] {
	case opGlobal, opInst:
		return isModuleLine(head[1:])
	case opString:
		return head[1] == '\'' || head[1] == '"'
	case opMark, opEmptyList, opEmptyDict, opEmptyTuple:
		rest := head[1:]
		if head[0] == opMark && (rest[0] == opList || rest[0] == opDict) {
			rest = rest[1:] // "(l" and "(d" are protocol 0's empty list and dict
		}
		if len(rest) == 0 {
			return false
		}
		switch rest[0] {
		case opBinPut, opBinInt1, opBinInt, opBinUnicode, opShortBinString, opBinString:
			return true
		case opPut:
			return len(rest) > 1 && rest[1] >= '0' && rest[1] <= '9'
		}
		return looksLikeProtocol0(rest, depth-1)
	}
	return false
}

// isModuleLine reports whether b starts with a dotted Python identifier
// ended by a newline (or by the end of b).
func isModuleLine(b []byte) bool {
	for i, c := range b {
		switch {
		case c == '\n':
			return i > 0
		case c == '_' || c == '.' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || i > 0 && c >= '0' && c <= '9':
		default:
			return false
		}
	}
	return len(b) > 0
}
