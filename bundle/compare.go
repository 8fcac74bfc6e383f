package bundle

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
)

// Tolerance is the relative difference allowed between a replayed number and
// its recorded value; labels and other strings must match exactly.
const Tolerance = 1e-9

// Mismatch is the first difference between a replayed and a recorded
// response.
type Mismatch struct {
	// Path locates the value, e.g. "predictions[0][2]".
	Path string
	// Got is the replayed value and Want the recorded one, as JSON.
	Got, Want string
}

// diffJSON compares two JSON documents and returns the first difference, or
// nil when they agree within Tolerance.
func diffJSON(got, want []byte) (*Mismatch, error) {
	g, err := decodeNumbers(got)
	if err != nil {
		return nil, fmt.Errorf("replayed response: %w", err)
	}
	w, err := decodeNumbers(want)
	if err != nil {
		return nil, fmt.Errorf("recorded response: %w", err)
	}
	return diff("", g, w), nil
}

func decodeNumbers(b []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	err := dec.Decode(&v)
	return v, err
}

func diff(path string, got, want any) *Mismatch {
	mismatch := func() *Mismatch {
		return &Mismatch{Path: rooted(path), Got: short(got), Want: short(want)}
	}
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok || len(g) != len(w) {
			return mismatch()
		}
		for _, k := range slices.Sorted(maps.Keys(w)) {
			gv, ok := g[k]
			if !ok {
				return &Mismatch{Path: join(path, k), Got: "(missing)", Want: short(w[k])}
			}
			if m := diff(join(path, k), gv, w[k]); m != nil {
				return m
			}
		}
		return nil
	case []any:
		g, ok := got.([]any)
		if !ok || len(g) != len(w) {
			return mismatch()
		}
		for i := range w {
			if m := diff(path+"["+strconv.Itoa(i)+"]", g[i], w[i]); m != nil {
				return m
			}
		}
		return nil
	case json.Number:
		g, ok := got.(json.Number)
		if !ok || !closeEnough(g, w) {
			return mismatch()
		}
		return nil
	default:
		if got != want {
			return mismatch()
		}
		return nil
	}
}

func closeEnough(got, want json.Number) bool {
	g, err1 := got.Float64()
	w, err2 := want.Float64()
	if err1 != nil || err2 != nil {
		return got == want
	}
	return g == w || math.Abs(g-w) <= Tolerance*math.Max(math.Abs(g), math.Abs(w))
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func rooted(path string) string {
	if path == "" {
		return "(response)"
	}
	return path
}

// short renders a value for a report, truncated so a mismatched array does
// not flood the terminal.
func short(v any) string {
	b, _ := json.Marshal(v)
	if len(b) > 80 {
		return string(b[:77]) + "..."
	}
	return string(b)
}
