package pickle

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"testing"
)

const testdata = "../../testdata/pickle"

// allowTest allows the classes scripts/gen_pickles.py defines.
func allowTest(g Global) bool { return g.Module == "slipway_test" }

// TestFiles decodes every file scripts/gen_pickles.py wrote (protocols 0-5,
// joblib plain and compressed) and compares it with the value Python
// pickled.
func TestFiles(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join(testdata, "expected.json"))
	if err != nil {
		t.Fatal(err)
	}
	var expected struct {
		Files  map[string]int
		Values []any
	}
	if err := json.Unmarshal(raw, &expected); err != nil {
		t.Fatal(err)
	}
	names := make([]string, 0, len(expected.Files))
	for name := range expected.Files {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			want, err := normalizeFloats(expected.Values[expected.Files[name]])
			if err != nil {
				t.Fatal(err)
			}
			v, err := LoadFile(filepath.Join(testdata, name), Options{Allow: allowTest})
			if err != nil {
				t.Fatal(err)
			}
			got, err := json.Marshal(describe(v))
			if err != nil {
				t.Fatal(err)
			}
			wantJSON, _ := json.Marshal(want)
			if string(got) != string(wantJSON) {
				i := firstDiff(string(got), string(wantJSON))
				t.Errorf("decoded value differs at byte %d:\n got …%s\nwant …%s", i, excerpt(got, i), excerpt(wantJSON, i))
			}
		})
	}
}

func firstDiff(a, b string) int {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	return i
}

// excerpt returns b around position i.
func excerpt(b []byte, i int) string {
	return string(b[max(0, i-150):min(len(b), i+150)])
}
