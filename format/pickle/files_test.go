package pickle

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"sort"
	"strings"
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

// TestNumpy2Modules checks that numpy 2's module paths (numpy._core)
// decode like numpy 1's: protocol 2 names globals in text, so renaming
// them in the bytes gives numpy 2's pickle.
func TestNumpy2Modules(t *testing.T) {
	for _, name := range []string{"arrays.p2.pkl", "scalars.p2.pkl", "arrays.p0.pkl"} {
		data, err := os.ReadFile(filepath.Join(testdata, name))
		if err != nil {
			t.Fatal(err)
		}
		renamed := bytes.ReplaceAll(data, []byte("numpy.core."), []byte("numpy._core."))
		if bytes.Equal(renamed, data) {
			t.Fatalf("%s names no numpy.core global", name)
		}
		want, err := Load(bytes.NewReader(data), Options{})
		if err != nil {
			t.Fatal(err)
		}
		got, err := Load(bytes.NewReader(renamed), Options{})
		if err != nil {
			t.Fatalf("%s with numpy._core: %v", name, err)
		}
		if !equalJSON(t, describe(got), describe(want)) {
			t.Errorf("%s decodes differently with numpy._core", name)
		}
	}
}

// TestAllow checks that a class outside the safe set is refused unless
// Options.Allow accepts it, and that Allow is asked about it by name.
func TestAllow(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(testdata, "objects.p4.pkl"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = Load(bytes.NewReader(data), Options{})
	var fe *ForbiddenError
	if !errors.As(err, &fe) || fe.Global != (Global{"slipway_test", "Point"}) {
		t.Fatalf("got %v, want a ForbiddenError naming slipway_test.Point", err)
	}
	var asked []string
	_, err = Load(bytes.NewReader(data), Options{Allow: func(g Global) bool {
		asked = append(asked, g.String())
		return allowTest(g)
	}})
	if err != nil {
		t.Fatal(err)
	}
	want := "slipway_test.Point slipway_test.Reduced slipway_test.MyList slipway_test.MyDict"
	if got := strings.Join(asked, " "); got != want {
		t.Errorf("Allow was asked about %q, want %q", got, want)
	}
}
