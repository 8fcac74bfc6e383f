package tensor

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/slipwayml/slipway/internal/jsonvalue"
)

// corpusRejects lists the files and V2 tensors in the shared corpus that
// must not decode, one per line with the reason.
var corpusRejects = map[string]string{
	"pickles/mlserver/docs/examples/sklearn/inference-request.json":                                                            "numbers written as 0. are not JSON (RFC 8259 needs a digit after the point)",
	"protocol/mlserver/mlserver/rest/openapi/dataplane.json/components/schemas/InferenceRequest/x-examples/Example 1/inputs/1": "BOOL shape [3] with one element",
	"protocol/mlserver/tests/testdata/inference-request-invalid-datatype.json/inputs/0":                                        "datatype INT322",
	"protocol/v2_cases.json/cases/11/expected/outputs/0":                                                                       "datatype is prose: INT64 or FP32 per server",
	"protocol/v2_cases.json/cases/17/request/inputs/0":                                                                         "shape product overflows",
	"protocol/v2_cases.json/cases/18/request/inputs/0":                                                                         "shape over MaxElements",
	"protocol/v2_cases.json/cases/19/request/inputs/0":                                                                         "negative dimension",
}

// TestCorpusV2Tensors decodes every V2 tensor ({"datatype", "shape",
// "data"}) in the shared corpus's JSON fixtures — requests and responses
// written by KServe, MLServer and Triton — and checks it survives a JSON
// and a binary round trip.
func TestCorpusV2Tensors(t *testing.T) {
	root := os.Getenv("SLIPWAY_CORPUS")
	if root == "" {
		t.Skip("SLIPWAY_CORPUS not set")
	}
	found := 0
	for _, dir := range []string{"protocol", "pickles"} {
		err := filepath.WalkDir(filepath.Join(root, dir), func(path string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".json") {
				return err
			}
			b, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(root, path)
			v, err := jsonvalue.Parse(b, jsonvalue.Limits{MaxDepth: 1000})
			if _, reject := corpusRejects[rel]; reject != (err != nil) {
				t.Errorf("%s: parse error %v; listed as a reject: %v", rel, err, reject)
			}
			if err != nil {
				return nil
			}
			forEachV2Tensor(v, rel, func(name string, o *jsonvalue.Object) {
				found++
				t.Run(name, func(t *testing.T) { checkCorpusTensor(t, name, o) })
			})
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if found == 0 {
		t.Fatal("no V2 tensors found in the corpus")
	}
}

func forEachV2Tensor(v any, name string, f func(string, *jsonvalue.Object)) {
	switch v := v.(type) {
	case []any:
		for i, e := range v {
			forEachV2Tensor(e, name+"/"+strconv.Itoa(i), f)
		}
	case *jsonvalue.Object:
		dt, _ := v.Get("datatype")
		_, isTensor := dt.(string) // not an OpenAPI schema
		_, hasShape := v.Get("shape")
		_, hasData := v.Get("data")
		if isTensor && hasShape && hasData {
			f(name, v)
			return
		}
		for i, k := range v.Keys {
			forEachV2Tensor(v.Values[i], name+"/"+k, f)
		}
	}
}

func checkCorpusTensor(t *testing.T, name string, o *jsonvalue.Object) {
	dtv, _ := o.Get("datatype")
	shv, _ := o.Get("shape")
	data, _ := o.Get("data")
	x, err := decodeV2(dtv, shv, data)
	if reason, ok := corpusRejects[name]; ok {
		if err == nil {
			t.Fatalf("decoded %v, want a rejection (%s)", x, reason)
		}
		t.Logf("rejected (%s): %v", reason, err)
		return
	}
	if err != nil {
		t.Fatal(err)
	}
	checkJSONRoundTrip(t, x)
	checkBinaryRoundTrip(t, x)
}

func decodeV2(dtv, shv, data any) (*Tensor, error) {
	s, _ := dtv.(string)
	dt, err := ParseDType(s)
	if err != nil {
		return nil, err
	}
	dims, _ := shv.([]any)
	shape := make([]int, len(dims))
	for i, d := range dims {
		n, _ := d.(jsonvalue.Number)
		if shape[i], err = strconv.Atoi(string(n)); err != nil {
			return nil, err
		}
	}
	return FromFlat(data, shape, dt)
}
