package savedmodel

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
)

// The TensorBundle index (variables.index) is a LevelDB-format table: data
// blocks of prefix-compressed sorted entries, an index block pointing at
// them, and a fixed-size footer. See leveldb's doc/table_format.md.

const (
	footerLen   = 48
	tableMagic  = 0xdb4775248b80fb57
	blockTrail  = 5 // compression type byte + masked crc32c
	noCompress  = 0
	snappyBlock = 1
)

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// unmaskCRC undoes LevelDB's crc masking, which keeps a crc stored beside
// the data it covers from being a crc of itself.
func unmaskCRC(m uint32) uint32 {
	r := m - 0xa282ead8
	return r>>17 | r<<15
}

var errTable = errors.New("corrupt variables.index")

// readTable returns every key/value entry of a LevelDB table held in data.
func readTable(data []byte) (map[string][]byte, error) {
	if len(data) < footerLen {
		return nil, fmt.Errorf("%w: %d bytes, shorter than a footer", errTable, len(data))
	}
	footer := data[len(data)-footerLen:]
	if binary.LittleEndian.Uint64(footer[40:]) != tableMagic {
		return nil, fmt.Errorf("%w: bad magic number", errTable)
	}
	_, n := readHandle(footer) // the metaindex block: unused by bundles
	if n <= 0 {
		return nil, fmt.Errorf("%w: bad metaindex handle", errTable)
	}
	index, err := readBlock(data, footer[n:])
	if err != nil {
		return nil, fmt.Errorf("index block: %w", err)
	}
	entries := map[string][]byte{}
	err = blockEntries(index, func(_ string, handle []byte) error {
		block, err := readBlock(data, handle)
		if err != nil {
			return err
		}
		return blockEntries(block, func(k string, v []byte) error {
			entries[k] = v
			return nil
		})
	})
	return entries, err
}

type blockHandle struct{ offset, size uint64 }

func readHandle(b []byte) (blockHandle, int) {
	off, n1 := binary.Uvarint(b)
	if n1 <= 0 {
		return blockHandle{}, 0
	}
	size, n2 := binary.Uvarint(b[n1:])
	if n2 <= 0 {
		return blockHandle{}, 0
	}
	return blockHandle{off, size}, n1 + n2
}

// readBlock returns the checked contents of the block handle points at.
func readBlock(data, handle []byte) ([]byte, error) {
	h, n := readHandle(handle)
	if n <= 0 {
		return nil, fmt.Errorf("%w: bad block handle", errTable)
	}
	end := h.offset + h.size + blockTrail
	if h.offset > uint64(len(data)) || h.size > uint64(len(data)) || end > uint64(len(data)) {
		return nil, fmt.Errorf("%w: block [%d, +%d) outside the %d-byte file", errTable, h.offset, h.size, len(data))
	}
	block := data[h.offset : h.offset+h.size]
	trailer := data[h.offset+h.size : end]
	want := unmaskCRC(binary.LittleEndian.Uint32(trailer[1:]))
	if got := crc32.Update(crc32.Checksum(block, castagnoli), castagnoli, trailer[:1]); got != want {
		return nil, fmt.Errorf("%w: block at %d has crc32c %#x, want %#x", errTable, h.offset, got, want)
	}
	switch trailer[0] {
	case noCompress:
		return block, nil
	case snappyBlock:
		return unsnappy(block)
	default:
		return nil, fmt.Errorf("%w: unknown block compression %d", errTable, trailer[0])
	}
}

// blockEntries calls fn for each entry of a block in order. Keys are
// prefix-compressed against the previous key; the restart array at the end
// only speeds up seeks, so a full scan reads past it.
func blockEntries(block []byte, fn func(key string, value []byte) error) error {
	if len(block) < 4 {
		return fmt.Errorf("%w: block of %d bytes", errTable, len(block))
	}
	restarts := uint64(binary.LittleEndian.Uint32(block[len(block)-4:]))
	if restarts*4+4 > uint64(len(block)) {
		return fmt.Errorf("%w: %d restart points in a %d-byte block", errTable, restarts, len(block))
	}
	body := block[:uint64(len(block))-restarts*4-4]
	var key []byte
	for len(body) > 0 {
		var hdr [3]uint64
		for i := range hdr {
			v, n := binary.Uvarint(body)
			if n <= 0 {
				return fmt.Errorf("%w: bad entry header", errTable)
			}
			hdr[i], body = v, body[n:]
		}
		shared, unshared, vlen := hdr[0], hdr[1], hdr[2]
		if shared > uint64(len(key)) || unshared > uint64(len(body)) || vlen > uint64(len(body))-unshared {
			return fmt.Errorf("%w: entry lengths out of range", errTable)
		}
		key = append(key[:shared], body[:unshared]...)
		if err := fn(string(key), body[unshared:unshared+vlen]); err != nil {
			return err
		}
		body = body[unshared+vlen:]
	}
	return nil
}
