package pickle

import (
	"bytes"
	"errors"
	"slices"
	"testing"
)

// TestSeen reports every global a stream references, the refused one too.
func TestSeen(t *testing.T) {
	// [OrderedDict, os.system] as protocol 2: two GLOBALs in a list.
	data := []byte("\x80\x02]q\x00(ccollections\nOrderedDict\nq\x01cos\nsystem\nq\x02e.")
	var seen []string
	_, err := Load(bytes.NewReader(data), Options{Seen: func(g Global) { seen = append(seen, g.String()) }})
	var forbidden *ForbiddenError
	if !errors.As(err, &forbidden) || forbidden.Global.String() != "os.system" {
		t.Fatalf("Load = %v, want os.system refused", err)
	}
	if want := []string{"collections.OrderedDict", "os.system"}; !slices.Equal(seen, want) {
		t.Errorf("seen = %v, want %v", seen, want)
	}
}
