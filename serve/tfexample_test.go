package serve

import (
	"math"
	"net/http"
	"reflect"
	"strings"
	"testing"

	"google.golang.org/protobuf/proto"

	"github.com/slipwayml/slipway/format/savedmodel/tfpb"
	"github.com/slipwayml/slipway/internal/jsonvalue"
	"github.com/slipwayml/slipway/tensor"
)

// TestSerializeExamples decodes the encoded examples with the tf.Example
// schema the SavedModel reader generates from TensorFlow's protos.
func TestSerializeExamples(t *testing.T) {
	floats := func(v ...float32) *tfpb.Feature {
		return &tfpb.Feature{Kind: &tfpb.Feature_FloatList{FloatList: &tfpb.FloatList{Value: v}}}
	}
	ints := func(v ...int64) *tfpb.Feature {
		return &tfpb.Feature{Kind: &tfpb.Feature_Int64List{Int64List: &tfpb.Int64List{Value: v}}}
	}
	bytes := func(v ...string) *tfpb.Feature {
		l := &tfpb.BytesList{}
		for _, s := range v {
			l.Value = append(l.Value, []byte(s))
		}
		return &tfpb.Feature{Kind: &tfpb.Feature_BytesList{BytesList: l}}
	}
	for _, tc := range []struct {
		name, examples, context string
		want                    []map[string]*tfpb.Feature
	}{
		{name: "float", examples: `[{"x": 80.0}]`, want: []map[string]*tfpb.Feature{{"x": floats(80)}}},
		{name: "lists", examples: `[{"f": [1, 2.5, NaN], "i": [1, -2], "s": ["a", {"b64": "AAE="}]}]`,
			want: []map[string]*tfpb.Feature{{"f": floats(1, 2.5, float32(math.NaN())), "i": ints(1, -2), "s": bytes("a", "\x00\x01")}}},
		{name: "context merged, example wins", examples: `[{"x": 1.5}, {}]`, context: `{"x": 3, "c": "ctx"}`,
			want: []map[string]*tfpb.Feature{{"x": floats(1.5), "c": bytes("ctx")}, {"x": ints(3), "c": bytes("ctx")}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			examples, err := jsonvalue.Parse([]byte(tc.examples), jsonvalue.Limits{})
			if err != nil {
				t.Fatal(err)
			}
			var context *jsonvalue.Object
			if tc.context != "" {
				c, err := jsonvalue.Parse([]byte(tc.context), jsonvalue.Limits{})
				if err != nil {
					t.Fatal(err)
				}
				context = c.(*jsonvalue.Object)
			}
			got, err := serializeExamples(examples.([]any), context)
			if err != nil {
				t.Fatal(err)
			}
			serialized, _ := tensor.Values[string](got)
			if !reflect.DeepEqual(got.Shape(), []int{len(tc.want)}) || len(serialized) != len(tc.want) {
				t.Fatalf("shape %v, want [%d]", got.Shape(), len(tc.want))
			}
			for i, s := range serialized {
				var ex tfpb.Example
				if err := proto.Unmarshal([]byte(s), &ex); err != nil {
					t.Fatalf("example %d: %v", i, err)
				}
				want := &tfpb.Example{Features: &tfpb.Features{Feature: tc.want[i]}}
				if !proto.Equal(&ex, want) {
					t.Errorf("example %d = %v, want %v", i, &ex, want)
				}
			}
		})
	}
}

func TestSerializeExamplesErrors(t *testing.T) {
	for _, tc := range []struct{ examples, want string }{
		{`[]`, `"examples" is empty`},
		{`[1]`, "example 0 is not a JSON object"},
		{`[{"x": true}]`, `feature "x": values must be strings or numbers`},
		{`[{"x": [[1]]}]`, `feature "x": values must be strings or numbers`},
		{`[{"x": ["a", 1]}]`, `feature "x": mixes strings and numbers`},
		{`[{"x": [1, "a"]}]`, `feature "x": mixes strings and numbers`},
		{`[{"x": {"y": 1}}]`, "unexpected object"},
		{`[{"x": {"b64": "!"}}]`, `"b64" value`},
	} {
		examples, err := jsonvalue.Parse([]byte(tc.examples), jsonvalue.Limits{})
		if err != nil {
			t.Fatal(err)
		}
		_, err = serializeExamples(examples.([]any), nil)
		if err == nil || !strings.Contains(err.Error(), tc.want) || statusOf(err) != http.StatusBadRequest {
			t.Errorf("serializeExamples(%s) = %v, want a bad request containing %q", tc.examples, err, tc.want)
		}
	}
}

// FuzzSerializeExamples checks that any JSON list of examples is encoded or
// refused as a bad request, never a panic.
func FuzzSerializeExamples(f *testing.F) {
	for _, seed := range []string{`[{"x": 80.0}]`, `[{"f": [1, 2.5, NaN], "s": ["a", {"b64": "AAE="}]}, {}]`, `[{"x": ["a", 1]}]`} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		v, err := jsonvalue.Parse(data, jsonvalue.Limits{})
		examples, ok := v.([]any)
		if err != nil || !ok {
			return
		}
		if _, err := serializeExamples(examples, nil); err != nil && statusOf(err) != http.StatusBadRequest {
			t.Errorf("serializeExamples(%s) = %v, want a bad request", data, err)
		}
	})
}
