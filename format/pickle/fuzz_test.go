package pickle

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// FuzzLoad checks that no input makes Load panic or build an array whose
// accessors panic. Seeds: the generated pickles, the malicious table and
// the opcode tables, and the corpus in testdata/fuzz/FuzzLoad.
func FuzzLoad(f *testing.F) {
	paths, _ := filepath.Glob(filepath.Join(testdata, "*.pkl"))
	paths = append(paths, filepath.Join(testdata, "joblib.joblib"), filepath.Join(testdata, "joblib_p2.joblib"))
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		if len(data) <= 8<<10 {
			f.Add(data)
		}
	}
	for _, tc := range maliciousCases {
		f.Add([]byte(tc.payload("/nonexistent/pwned")))
	}
	for _, tc := range opcodeCases {
		f.Add([]byte(tc.pickle))
	}
	for _, tc := range opcodeErrorCases {
		f.Add([]byte(tc.pickle))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		IsPickle(data)
		v, err := Load(bytes.NewReader(data), Options{Allow: allowTest, MaxBytes: 1 << 20})
		if err == nil {
			exercise(v, map[any]bool{})
		}
	})
}

// exercise walks a decoded value, cycles included, and reads every array
// through its accessors.
func exercise(v any, seen map[any]bool) {
	switch v := v.(type) {
	case Tuple:
		// Tuples shared through the memo are walked once, or a chain of
		// pairs of one tuple would take exponential time.
		if len(v) == 0 || seen[&v[0]] {
			return
		}
		seen[&v[0]] = true
		for _, x := range v {
			exercise(x, seen)
		}
		return
	case *List, *Dict, *Set, *Object, *Array:
		if seen[v] {
			return
		}
		seen[v] = true
	}
	switch v := v.(type) {
	case *List:
		for _, x := range v.Items {
			exercise(x, seen)
		}
	case *Set:
		for _, x := range v.Items {
			exercise(x, seen)
		}
	case *Dict:
		v.Get("x")
		for i := range v.Keys {
			exercise(v.Keys[i], seen)
			exercise(v.Values[i], seen)
		}
	case *Object:
		v.Attr("x")
		exercise(Tuple(v.Args), seen)
		exercise(v.State, seen)
		exercise(Tuple(v.Items), seen)
		if v.Entries != nil {
			exercise(v.Entries, seen)
		}
	case *Array:
		v.Values()
		v.Float64s()
		v.Int64s()
		exercise(Tuple(v.Objects), seen)
	}
}
