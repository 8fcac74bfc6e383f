package jsonvalue

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func obj(kv ...any) *Object {
	o := &Object{Keys: []string{}, Values: []any{}}
	for i := 0; i < len(kv); i += 2 {
		o.Keys = append(o.Keys, kv[i].(string))
		o.Values = append(o.Values, kv[i+1])
	}
	return o
}

var parseTests = []struct {
	in   string
	want any
}{
	{`null`, nil},
	{` true `, true},
	{"\t\r\nfalse\n", false},
	{`0`, Number("0")},
	{`-0`, Number("-0")},
	{`-12.5e+3`, Number("-12.5e+3")},
	{`1E-7`, Number("1E-7")},
	{`18446744073709551616`, Number("18446744073709551616")},
	{`NaN`, Number("NaN")},
	{`Infinity`, Number("Infinity")},
	{`-Infinity`, Number("-Infinity")},
	{`[NaN,-Infinity,Infinity]`, []any{Number("NaN"), Number("-Infinity"), Number("Infinity")}},
	{`""`, ""},
	{`"héllo"`, "héllo"},
	{`"a\"b\\c\/d\b\f\n\r\t"`, "a\"b\\c/d\b\f\n\r\t"},
	{`"\u00e9\u20AC"`, "é€"},
	{`"\ud83d\ude00"`, "😀"},
	{`[]`, []any{}},
	{`[ 1 , [ 2 , [ ] ] ]`, []any{Number("1"), []any{Number("2"), []any{}}}},
	{`{}`, obj()},
	{`{"a":1,"b":[true,null],"c":{"d":"e"}}`, obj("a", Number("1"), "b", []any{true, nil}, "c", obj("d", "e"))},
	{`{"k":1,"k":2}`, obj("k", Number("1"), "k", Number("2"))},
}

func TestParse(t *testing.T) {
	for _, tt := range parseTests {
		got, err := Parse([]byte(tt.in), Limits{})
		if err != nil {
			t.Errorf("Parse(%q): %v", tt.in, err)
			continue
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Parse(%q) = %#v, want %#v", tt.in, got, tt.want)
		}
	}
}

var parseErrorTests = []struct {
	in     string
	msg    string
	offset int
}{
	{``, "unexpected end of input, want a value", 0},
	{`   `, "unexpected end of input, want a value", 3},
	{`[1,]`, "unexpected character ']', want a value", 3},
	{`{"a":1,}`, "unexpected character '}' in object, want a string key", 7},
	{`[1 2]`, "unexpected character '2' in array, want ',' or ']'", 3},
	{`{"a" 1}`, "unexpected character '1' after object key, want ':'", 5},
	{`{a:1}`, "unexpected character 'a' in object, want a string key", 1},
	{`[1`, "unexpected end of input in array", 2},
	{`{"a":1`, "unexpected end of input in object", 6},
	{`1 2`, "unexpected character '2' after top-level value", 2},
	{`truex`, "unexpected character 'x' after top-level value", 4},
	{`tru`, "invalid literal, want true", 0},
	{`nan`, "invalid literal, want null", 0},
	{`-Inf`, "invalid literal, want Infinity", 1},
	{`+1`, "unexpected character '+', want a value", 0},
	{`01`, "invalid number: leading zero", 1},
	{`-01`, "invalid number: leading zero", 2},
	{`-`, "invalid number: want a digit, got end of input", 1},
	{`1.`, "invalid number: want a digit after '.', got end of input", 2},
	{`.5`, "unexpected character '.', want a value", 0},
	{`1e`, "invalid number: want a digit in exponent, got end of input", 2},
	{`1e+x`, "invalid number: want a digit in exponent, got character 'x'", 3},
	{`// c`, "unexpected character '/', want a value", 0},
	{`"abc`, "unexpected end of input in string", 4},
	{"\"a\tb\"", "control character '\\t' in string", 2},
	{"\"a\xffb\"", "invalid UTF-8 in string", 2},
	{"\"\\\"\xc3\"", "invalid UTF-8 in string", 3},
	{`"\x"`, `invalid escape '\x' in string`, 2},
	{`"\u12G4"`, "invalid hex digit 'G' in \\u escape", 5},
	{`"\u12"`, "unexpected end of input in \\u escape", 3},
	{`"\ud800"`, `lone UTF-16 surrogate \ud800 in string`, 7},
	{`"\udc00\ud800"`, `lone UTF-16 surrogate \udc00 in string`, 7},
	{`"\ud800\u0041"`, `lone UTF-16 surrogate \ud800 in string`, 13},
	{`"\`, "unexpected end of input in string escape", 2},
	{strings.Repeat("[", 65) + strings.Repeat("]", 65), "JSON nesting deeper than 64", 64},
	{strings.Repeat(`{"a":`, 65) + "1" + strings.Repeat("}", 65), "JSON nesting deeper than 64", 320},
}

func TestParseErrors(t *testing.T) {
	for _, tt := range parseErrorTests {
		v, err := Parse([]byte(tt.in), Limits{})
		var se *SyntaxError
		if !errors.As(err, &se) {
			t.Errorf("Parse(%q) = %#v, %v; want SyntaxError %q", tt.in, v, err, tt.msg)
			continue
		}
		if se.Msg != tt.msg || se.Offset != tt.offset {
			t.Errorf("Parse(%q) error = %q at %d, want %q at %d", tt.in, se.Msg, se.Offset, tt.msg, tt.offset)
		}
	}
}

func TestParseMaxDepth(t *testing.T) {
	in := []byte(strings.Repeat("[", 3) + strings.Repeat("]", 3))
	for _, tt := range []struct {
		depth int
		err   string
	}{
		{2, "JSON nesting deeper than 2 at byte 2"},
		{3, ""},
		{0, ""}, // default 64
	} {
		_, err := Parse(in, Limits{MaxDepth: tt.depth})
		if got := errString(err); got != tt.err {
			t.Errorf("MaxDepth %d: error %q, want %q", tt.depth, got, tt.err)
		}
	}
	deep := strings.Repeat("[", 64) + strings.Repeat("]", 64)
	if _, err := Parse([]byte(deep), Limits{}); err != nil {
		t.Errorf("64 levels: %v", err)
	}
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

func TestObjectGet(t *testing.T) {
	v, err := Parse([]byte(`{"a":1,"b":2,"a":3}`), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	o := v.(*Object)
	for _, tt := range []struct {
		key  string
		want any
		ok   bool
	}{
		{"a", Number("1"), true},
		{"b", Number("2"), true},
		{"c", nil, false},
	} {
		got, ok := o.Get(tt.key)
		if got != tt.want || ok != tt.ok {
			t.Errorf("Get(%q) = %v, %v; want %v, %v", tt.key, got, ok, tt.want, tt.ok)
		}
	}
}

// TestParseDoesNotAlias checks that the tree does not share the caller's buffer.
func TestParseDoesNotAlias(t *testing.T) {
	buf := []byte(`{"key":"value"}`)
	v, err := Parse(buf, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	for i := range buf {
		buf[i] = 'x'
	}
	if got := string(Append(nil, v)); got != `{"key":"value"}` {
		t.Errorf("after reusing the input buffer the tree reads %s", got)
	}
}

func TestAppend(t *testing.T) {
	for _, tt := range []struct {
		v    any
		want string
	}{
		{nil, `null`},
		{struct{}{}, `null`},
		{true, `true`},
		{Number("-1.5e3"), `-1.5e3`},
		{Number("NaN"), `NaN`},
		{"a\"\\\n\r\t\x00\x1f/<é😀", `"a\"\\\n\r\t\u0000\u001f/<é😀"`},
		{"bad\xffutf8\xc3", `"bad\ufffdutf8\ufffd"`},
		{[]any{}, `[]`},
		{obj(), `{}`},
		{[]any{Number("1"), obj("k", []any{nil, false}, "k", "v")}, `[1,{"k":[null,false],"k":"v"}]`},
	} {
		if got := string(Append(nil, tt.v)); got != tt.want {
			t.Errorf("Append(%#v) = %s, want %s", tt.v, got, tt.want)
		}
	}
}

// TestParseAppendRoundTrip parses every table input, appends it, and checks
// the output parses to the same tree.
func TestParseAppendRoundTrip(t *testing.T) {
	for _, tt := range parseTests {
		checkRoundTrip(t, []byte(tt.in))
	}
}

func checkRoundTrip(t *testing.T, in []byte) {
	t.Helper()
	v, err := Parse(in, Limits{})
	if err != nil {
		return
	}
	out := Append(nil, v)
	v2, err := Parse(out, Limits{})
	if err != nil {
		t.Fatalf("Parse(Append(Parse(%q))) = %q: %v", in, out, err)
	}
	if !reflect.DeepEqual(v, v2) {
		t.Fatalf("round trip of %q: %#v, then %#v", in, v, v2)
	}
}

// standard converts a tree from Parse to what encoding/json decodes with
// UseNumber: objects become maps where the last duplicate wins.
func standard(v any) any {
	switch v := v.(type) {
	case Number:
		return json.Number(v)
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = standard(e)
		}
		return out
	case *Object:
		m := make(map[string]any, len(v.Keys))
		for i, k := range v.Keys {
			m[k] = standard(v.Values[i])
		}
		return m
	}
	return v
}

func decodeStandard(in []byte) (any, error) {
	if !json.Valid(in) {
		return nil, errors.New("invalid")
	}
	d := json.NewDecoder(bytes.NewReader(in))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		return nil, err
	}
	return v, nil
}

// checkAgainstStandard compares Parse with encoding/json on in. They may
// disagree only where Parse is deliberately different: it accepts NaN and
// Infinity, and rejects invalid UTF-8, lone surrogates and deep nesting,
// which encoding/json replaces or allows.
func checkAgainstStandard(t *testing.T, in []byte) {
	t.Helper()
	got, err := Parse(in, Limits{})
	want, stdErr := decodeStandard(in)
	switch {
	case err == nil && stdErr == nil:
		if g := standard(got); !reflect.DeepEqual(g, want) {
			t.Fatalf("Parse(%q) = %#v, encoding/json %#v", in, g, want)
		}
	case err == nil:
		if !bytes.Contains(in, []byte("NaN")) && !bytes.Contains(in, []byte("Infinity")) {
			t.Fatalf("Parse(%q) accepted what encoding/json rejects: %v", in, stdErr)
		}
	case stdErr == nil:
		var se *SyntaxError
		if !errors.As(err, &se) {
			t.Fatalf("Parse(%q): error %v is not a *SyntaxError", in, err)
		}
		if !strings.Contains(se.Msg, "UTF-8") && !strings.Contains(se.Msg, "surrogate") && !strings.Contains(se.Msg, "nesting") {
			t.Fatalf("Parse(%q) rejected what encoding/json accepts: %v", in, err)
		}
	}
}

func TestParseMatchesEncodingJSON(t *testing.T) {
	for _, tt := range parseTests {
		checkAgainstStandard(t, []byte(tt.in))
	}
	for _, tt := range parseErrorTests {
		checkAgainstStandard(t, []byte(tt.in))
	}
}

// TestParseCorpus parses every JSON fixture in the shared corpus's protocol
// folder (V2 and TF Serving requests, responses and OpenAPI specs) and
// compares with encoding/json.
func TestParseCorpus(t *testing.T) {
	root := os.Getenv("SLIPWAY_CORPUS")
	if root == "" {
		t.Skip("SLIPWAY_CORPUS not set")
	}
	var files []string
	err := filepath.WalkDir(filepath.Join(root, "protocol"), func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(path, ".json") {
			files = append(files, path)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no JSON files under protocol/")
	}
	for _, f := range files {
		in, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		t.Run(filepath.Base(f), func(t *testing.T) {
			if _, err := Parse(in, Limits{MaxDepth: 1000}); err != nil {
				t.Fatalf("%s: %v", f, err)
			}
			checkAgainstStandard(t, in)
			checkRoundTrip(t, in)
		})
	}
}

func FuzzParse(f *testing.F) {
	for _, tt := range parseTests {
		f.Add([]byte(tt.in))
	}
	for _, tt := range parseErrorTests {
		f.Add([]byte(tt.in))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		checkAgainstStandard(t, in)
		checkRoundTrip(t, in)
	})
}
