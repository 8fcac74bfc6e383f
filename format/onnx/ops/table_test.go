package ops

import "testing"

func TestTableSorted(t *testing.T) {
	for i := 1; i < len(table); i++ {
		if !less(table[i-1], table[i].Domain, table[i].Type) {
			t.Errorf("table entry %s::%s is out of order or repeated after %s::%s", table[i].Domain, table[i].Type, table[i-1].Domain, table[i-1].Type)
		}
	}
}
