package pickle

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
)

// step executes one opcode (other than STOP).
func (m *machine) step(op byte) error {
	in := m.in
	switch op {
	case opProto:
		v, err := in.byte()
		if err != nil {
			return err
		}
		if v > highestProtocol {
			return fmt.Errorf("unsupported protocol %d (highest is %d)", v, highestProtocol)
		}
	case opFrame:
		// Frames only group opcodes for buffering; the input is already in
		// memory, so a frame's length is merely checked.
		n, err := in.uint(8)
		if err != nil {
			return err
		}
		if n > uint64(len(in.buf)-in.pos) {
			return fmt.Errorf("frame of %d bytes exceeds the %d bytes left: %w", n, len(in.buf)-in.pos, io.ErrUnexpectedEOF)
		}

	case opMark:
		return m.mark()
	case opPop:
		// Like CPython, POP on an empty (marked) stack discards the MARK.
		if len(m.stack) > m.floor() {
			m.stack = m.stack[:len(m.stack)-1]
			return nil
		}
		_, err := m.popMark()
		return err
	case opPopMark:
		_, err := m.popMark()
		return err
	case opDup:
		v, err := m.top()
		if err != nil {
			return err
		}
		m.push(v)

	case opNone:
		m.push(None{})
	case opNewTrue:
		m.push(true)
	case opNewFalse:
		m.push(false)
	case opInt:
		return m.pushText(in, parseInt)
	case opLong:
		return m.pushText(in, parseLong)
	case opFloat:
		return m.pushText(in, parseFloat)
	case opString:
		return m.pushText(in, parseString)
	case opUnicode:
		return m.pushText(in, parseRawUnicode)
	case opBinInt:
		return m.pushInt(in, 4)
	case opBinInt1:
		return m.pushInt(in, 1)
	case opBinInt2:
		return m.pushInt(in, 2)
	case opLong1:
		b, err := in.sized(1)
		if err != nil {
			return err
		}
		m.push(decodeLong(b))
	case opLong4:
		n, err := in.uint(4)
		if err != nil {
			return err
		}
		if int32(n) < 0 {
			return fmt.Errorf("negative length %d", int32(n))
		}
		b, err := in.bytes(n)
		if err != nil {
			return err
		}
		m.push(decodeLong(b))
	case opBinFloat:
		b, err := in.bytes(8)
		if err != nil {
			return err
		}
		m.push(math.Float64frombits(binary.BigEndian.Uint64(b)))

	case opBinString:
		n, err := in.uint(4)
		if err != nil {
			return err
		}
		if int32(n) < 0 {
			return fmt.Errorf("negative length %d", int32(n))
		}
		return m.pushString(in.bytes(n))
	case opShortBinString, opShortBinUnicode:
		return m.pushString(in.sized(1))
	case opBinUnicode:
		return m.pushString(in.sized(4))
	case opBinUnicode8:
		return m.pushString(in.sized(8))
	case opShortBinBytes:
		return m.pushBytes(in.sized(1))
	case opBinBytes:
		return m.pushBytes(in.sized(4))
	case opBinBytes8, opByteArray8:
		return m.pushBytes(in.sized(8))
	case opNextBuffer:
		return errors.New("the pickle refers to an out-of-band buffer (protocol 5) and none were given")
	case opReadonlyBuffer:
		_, err := m.top()
		return err

	case opEmptyTuple:
		m.push(Tuple{})
	case opTuple1, opTuple2, opTuple3:
		n := int(op-opTuple1) + 1
		if len(m.stack)-m.floor() < n {
			return errors.New("stack underflow")
		}
		t := Tuple(slices.Clone(m.stack[len(m.stack)-n:]))
		m.stack = m.stack[:len(m.stack)-n]
		m.push(t)
	case opTuple:
		items, err := m.popMark()
		if err != nil {
			return err
		}
		m.push(Tuple(slices.Clone(items)))
	case opEmptyList:
		m.push(&List{})
	case opList:
		items, err := m.popMark()
		if err != nil {
			return err
		}
		m.push(&List{Items: slices.Clone(items)})
	case opEmptyDict:
		m.push(&Dict{})
	case opDict:
		items, err := m.popMark()
		if err != nil {
			return err
		}
		d := &Dict{}
		if err := m.setItems(d, items); err != nil {
			return err
		}
		m.push(d)
	case opEmptySet:
		m.push(&Set{})
	case opFrozenSet:
		items, err := m.popMark()
		if err != nil {
			return err
		}
		m.push(&Set{Items: slices.Clone(items)})
	case opAppend:
		return m.appendTop()
	case opAppends:
		return m.appendMarked()
	case opSetItem:
		return m.setItemTop()
	case opSetItems:
		return m.setItemsMarked()
	case opAddItems:
		return m.addItems()

	case opPut:
		return m.withLineKey(in, m.put)
	case opBinPut:
		return m.withKey(in, 1, m.put)
	case opLongBinPut:
		return m.withKey(in, 4, m.put)
	case opMemoize:
		return m.put(uint64(m.stored))
	case opGet:
		return m.withLineKey(in, m.get)
	case opBinGet:
		return m.withKey(in, 1, m.get)
	case opLongBinGet:
		return m.withKey(in, 4, m.get)

	case opGlobal:
		module, name, err := globalLines(in)
		if err != nil {
			return err
		}
		return m.global(module, name)
	case opStackGlobal:
		return m.stackGlobal()
	case opInst:
		return m.inst()
	case opObj:
		return m.obj()
	case opReduce:
		return m.reduce()
	case opNewObj:
		return m.newObj(false)
	case opNewObjEx:
		return m.newObj(true)
	case opBuild:
		return m.build()

	case opPersID, opBinPersID:
		return errors.New("persistent IDs refer to objects outside the pickle and are not supported")
	case opExt1, opExt2, opExt4:
		return errors.New("extension registry codes (copyreg.add_extension) are not supported")
	default:
		return errors.New("invalid opcode")
	}
	return nil
}

// pushInt reads a little-endian integer: BININT's four bytes are signed,
// BININT1's and BININT2's unsigned.
func (m *machine) pushInt(in *input, size int) error {
	v, err := in.uint(size)
	if err != nil {
		return err
	}
	if size == 4 {
		m.push(int64(int32(v)))
	} else {
		m.push(int64(v))
	}
	return nil
}

func (m *machine) pushString(b []byte, err error) error {
	if err != nil {
		return err
	}
	m.push(string(b))
	return nil
}

func (m *machine) pushBytes(b []byte, err error) error {
	if err != nil {
		return err
	}
	m.push(b)
	return nil
}

// pushText parses a protocol 0 argument line.
func (m *machine) pushText(in *input, parse func([]byte) (any, error)) error {
	line, err := in.line()
	if err != nil {
		return err
	}
	v, err := parse(line)
	if err != nil {
		return err
	}
	m.push(v)
	return nil
}

func (m *machine) withKey(in *input, size int, f func(uint64) error) error {
	k, err := in.uint(size)
	if err != nil {
		return err
	}
	return f(k)
}

func (m *machine) withLineKey(in *input, f func(uint64) error) error {
	line, err := in.line()
	if err != nil {
		return err
	}
	k, err := parseMemoKey(line)
	if err != nil {
		return err
	}
	return f(k)
}
