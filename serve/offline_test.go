package serve

import (
	"context"
	"net/http"
	"testing"
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
