package serve

import (
	"context"
	"net/http"
	"slices"
	"testing"

	"github.com/slipwayml/slipway/tensor"
)

func TestPredictOffline(t *testing.T) {
	m := sumModel{features: 2}
	for _, tc := range []struct {
		name, body, method string
		want               string
		status             int // of the error, when there is one
	}{
		{name: "rows", body: `[[1,2],[3,4]]`, want: `{"predictions":[3,7]}`},
		{name: "instances", body: `{"instances":[[1,2]]}`, want: `{"predictions":[3]}`},
		{name: "columnar", body: `{"inputs":[[1,2]]}`, want: `{"predictions":[3]}`},
		{name: "named columnar", body: `{"inputs":{"input-0":[[1,2]]}}`, want: `{"predictions":[3]}`},
		{name: "dataframe_split", body: `{"dataframe_split":{"columns":["a","b"],"data":[[1,2]]}}`, want: `{"predictions":[3]}`},
		{name: "dataframe_records", body: `{"dataframe_records":[{"a":1,"b":2}]}`, want: `{"predictions":[3]}`},
		{name: "method", body: `[[1,2]]`, method: "count", want: `{"predictions":[2]}`},
		{name: "v2", body: `{"inputs":[{"name":"input-0","shape":[1,2],"datatype":"INT64","data":[1,2]}]}`,
			want: `{"model_name":"","model_version":"","outputs":[{"name":"total","datatype":"FP64","shape":[1],"data":[3]}]}`},
		{name: "unknown method", body: `[[1,2]]`, method: "predict_proba", status: http.StatusBadRequest},
		{name: "wrong features", body: `[[1,2,3]]`, status: http.StatusBadRequest},
		{name: "not JSON", body: `[[1,2]`, status: http.StatusBadRequest},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := PredictOffline(context.Background(), m, []byte(tc.body), tc.method)
			if tc.status != 0 {
				if err == nil || statusOf(err) != tc.status {
					t.Fatalf("error %v (status %d), want status %d", err, statusOf(err), tc.status)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !sameJSON(t, got, []byte(tc.want)) {
				t.Errorf("got %s, want %s", got, tc.want)
			}
		})
	}
}

func TestPredictOfflineNoTrailingNewline(t *testing.T) {
	for _, body := range []string{`[[1,2]]`, `{"inputs":[{"name":"x","shape":[1,2],"datatype":"FP64","data":[1,2]}]}`} {
		got, err := PredictOffline(context.Background(), sumModel{}, []byte(body), "")
		if err != nil || got[len(got)-1] != '}' {
			t.Errorf("PredictOffline(%s) = %q, %v; want a JSON object without trailing newline", body, got, err)
		}
	}
}

func TestDecodeOffline(t *testing.T) {
	sig := sumModel{}.Signature()
	for _, tc := range []struct {
		name, body, method string
		shape              []int
		outputs            []string
	}{
		{name: "rows", body: `[[1,2,3]]`, shape: []int{1, 3}},
		{name: "method", body: `{"instances":[[1],[2]]}`, method: "count", shape: []int{2, 1}, outputs: []string{"count"}},
		{name: "v2 outputs", body: `{"inputs":[{"name":"a","shape":[2,2],"datatype":"FP32","data":[1,2,3,4]}],"outputs":[{"name":"count"}]}`, shape: []int{2, 2}, outputs: []string{"count"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in, outputs, err := DecodeOffline([]byte(tc.body), sig, tc.method)
			if err != nil {
				t.Fatal(err)
			}
			x, ok := in["input-0"]
			if len(in) != 1 || !ok || !slices.Equal(x.Shape(), tc.shape) || x.DType() != tensor.Float64 {
				t.Errorf("inputs %v, want input-0 FP64 %v", in, tc.shape)
			}
			if !slices.Equal(outputs, tc.outputs) {
				t.Errorf("outputs %v, want %v", outputs, tc.outputs)
			}
		})
	}
	if _, _, err := DecodeOffline([]byte(`[[1]]`), sig, "nope"); err == nil {
		t.Error("an unknown method decoded")
	}
}
