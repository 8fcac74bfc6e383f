package jsonvalue

import (
	"fmt"
	"strings"
	"testing"
)

func TestSlab(t *testing.T) {
	s := slab[int]{chunk: 8}
	var got [][]int
	for _, n := range []int{3, 4, 2, 9, 0, 1} {
		a := s.alloc(n)
		if len(a) != n || cap(a) != n {
			t.Fatalf("alloc(%d): len %d cap %d", n, len(a), cap(a))
		}
		for i := range a {
			a[i] = n
		}
		got = append(got, a)
	}
	// An append to one slice must not write into the next.
	_ = append(got[0], -1)
	for _, a := range got {
		for _, x := range a {
			if x != len(a) {
				t.Fatalf("slices overlap: %v", got)
			}
		}
	}
}

// TestParseManySlabs parses a document whose arrays and objects span many
// slab chunks and compares with encoding/json.
func TestParseManySlabs(t *testing.T) {
	var b strings.Builder
	b.WriteByte('[')
	for i := range 5000 {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"i":%d,"v":[%d,"s%d",[]],"o":{}}`, i, -i, i)
	}
	b.WriteByte(']')
	checkAgainstStandard(t, []byte(b.String()))
}
