package savedmodel

import (
	"encoding/binary"
	"hash/crc32"
	"maps"
	"slices"
	"testing"
)

// buildTable writes entries as a LevelDB table with one uncompressed data
// block, following leveldb's doc/table_format.md; keys share prefixes so
// the reader's prefix decoding is exercised.
func buildTable(entries map[string]string) []byte {
	var out []byte
	block := func(kv [][2]string) []byte {
		var b []byte
		prev := ""
		for _, e := range kv {
			shared := 0
			for shared < len(prev) && shared < len(e[0]) && prev[shared] == e[0][shared] {
				shared++
			}
			b = binary.AppendUvarint(b, uint64(shared))
			b = binary.AppendUvarint(b, uint64(len(e[0])-shared))
			b = binary.AppendUvarint(b, uint64(len(e[1])))
			b = append(b, e[0][shared:]...)
			b = append(b, e[1]...)
			prev = e[0]
		}
		b = binary.LittleEndian.AppendUint32(b, 0) // one restart point, at 0
		return binary.LittleEndian.AppendUint32(b, 1)
	}
	write := func(b []byte) []byte { // returns the block handle
		h := binary.AppendUvarint(nil, uint64(len(out)))
		h = binary.AppendUvarint(h, uint64(len(b)))
		out = append(out, b...)
		out = append(out, noCompress)
		crc := crc32.Update(crc32.Checksum(b, castagnoli), castagnoli, []byte{noCompress})
		out = binary.LittleEndian.AppendUint32(out, (crc>>15|crc<<17)+0xa282ead8)
		return h
	}
	var kv [][2]string
	for _, k := range slices.Sorted(maps.Keys(entries)) {
		kv = append(kv, [2]string{k, entries[k]})
	}
	data := write(block(kv))
	meta := write(block(nil))
	index := write(block([][2]string{{"\xff", string(data)}}))
	footer := append(meta, index...)
	footer = append(footer, make([]byte, 40-len(footer))...)
	return binary.LittleEndian.AppendUint64(append(out, footer...), tableMagic)
}

func TestReadTable(t *testing.T) {
	want := map[string]string{"": "header", "dense/bias": "b", "dense/kernel": "k", "x": ""}
	table := buildTable(want)
	got, err := readTable(table)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Errorf("read %d entries, want %d", len(got), len(want))
	}
	for k, v := range want {
		if string(got[k]) != v {
			t.Errorf("entry %q = %q, want %q", k, got[k], v)
		}
	}
	for _, c := range []struct {
		name string
		edit func([]byte) []byte
	}{
		{"truncated", func(b []byte) []byte { return b[:len(b)-1] }},
		{"bad_magic", func(b []byte) []byte { b[len(b)-1] ^= 1; return b }},
		{"bad_crc", func(b []byte) []byte { b[3] ^= 1; return b }},
		{"empty", func([]byte) []byte { return nil }},
	} {
		if _, err := readTable(c.edit(slices.Clone(table))); err == nil {
			t.Errorf("%s: readTable succeeded", c.name)
		}
	}
}

func FuzzTable(f *testing.F) {
	f.Add(buildTable(map[string]string{"": "h", "a": "1", "ab": "2"}))
	f.Add(buildTable(nil))
	f.Fuzz(func(t *testing.T, b []byte) {
		readTable(b) // must not panic
	})
}
