package onnx

import "encoding/binary"

// IsONNX reports whether head starts like a serialized ModelProto: the
// ir_version field (number 1, varint) with a plausible version, followed by
// another ModelProto field. Pickles start with 0x80 and never match.
func IsONNX(head []byte) bool {
	if len(head) < 3 || head[0] != 0x08 {
		return false
	}
	v, n := binary.Uvarint(head[1:])
	if n <= 0 || v == 0 || v > 100 {
		return false
	}
	rest := head[1+n:]
	if len(rest) == 0 {
		return false
	}
	tag, m := binary.Uvarint(rest)
	if m <= 0 {
		return false
	}
	switch field, wire := tag>>3, tag&7; field {
	case 2, 3, 4, 6, 7, 8, 14, 20, 25: // strings and messages
		return wire == 2
	case 5: // model_version
		return wire == 0
	}
	return false
}
