package savedmodel

import (
	"bytes"
	"testing"
)

// snappyCases are hand-encoded from google/snappy's format_description.txt.
var snappyCases = []struct {
	name string
	in   []byte
	want string // "" when decoding must fail
}{
	{"literal", []byte{5, 4 << 2, 'h', 'e', 'l', 'l', 'o'}, "hello"},
	{"copy1_overlap", []byte{6, 1 << 2, 'a', 'b', 0<<2 | 1, 2}, "ababab"},
	{"copy2", []byte{6, 2 << 2, 'a', 'b', 'c', 2<<2 | 2, 3, 0}, "abcabc"},
	{"copy4", []byte{4, 1 << 2, 'x', 'y', 1<<2 | 3, 2, 0, 0, 0}, "xyxy"},
	{"long_literal", append([]byte{61, 60 << 2, 60}, bytes.Repeat([]byte{'z'}, 61)...), string(bytes.Repeat([]byte{'z'}, 61))},
	{"zero_offset", []byte{6, 1 << 2, 'a', 'b', 0<<2 | 1, 0}, ""},
	{"offset_past_start", []byte{6, 1 << 2, 'a', 'b', 0<<2 | 1, 3}, ""},
	{"short_output", []byte{9, 4 << 2, 'h', 'e', 'l', 'l', 'o'}, ""},
	{"literal_overrun", []byte{2, 4 << 2, 'h', 'e', 'l', 'l', 'o'}, ""},
	{"truncated_literal", []byte{5, 4 << 2, 'h', 'e'}, ""},
	{"truncated_copy", []byte{6, 1 << 2, 'a', 'b', 2<<2 | 2, 3}, ""},
	{"huge_length", []byte{0xff, 0xff, 0xff, 0xff, 0x0f}, ""},
}

func TestUnsnappy(t *testing.T) {
	for _, c := range snappyCases {
		t.Run(c.name, func(t *testing.T) {
			got, err := unsnappy(c.in)
			if c.want == "" {
				if err == nil {
					t.Errorf("unsnappy = %q, want an error", got)
				}
				return
			}
			if err != nil || string(got) != c.want {
				t.Errorf("unsnappy = %q, %v; want %q", got, err, c.want)
			}
		})
	}
}

func FuzzUnsnappy(f *testing.F) {
	for _, c := range snappyCases {
		f.Add(c.in)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		out, err := unsnappy(b)
		if err == nil && len(out) > maxBlockBytes {
			t.Errorf("%d bytes out", len(out))
		}
	})
}
