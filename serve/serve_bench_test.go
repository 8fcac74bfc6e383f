package serve

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/slipwayml/slipway/runtime"
)

// benchHandler serves an iris-sized sum model: the model costs next to
// nothing, so the benchmarks measure the protocol path.
func benchHandler(b *testing.B) http.Handler {
	rt := runtime.New(runtime.Options{})
	if err := rt.Add("iris", "", sumModel{features: 4}); err != nil {
		b.Fatal(err)
	}
	s, err := New(Default(), rt, nil)
	if err != nil {
		b.Fatal(err)
	}
	return s.Handler()
}

func benchPost(b *testing.B, path, body string) {
	h := benchHandler(b)
	data := []byte(body)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest(http.MethodPost, path, bytes.NewReader(data)))
		if w.Code != http.StatusOK {
			b.Fatalf("status %d: %s", w.Code, w.Body)
		}
	}
}

func BenchmarkPlainPredict(b *testing.B) {
	benchPost(b, "/predict", `[[5.1, 3.5, 1.4, 0.2]]`)
}

func BenchmarkV2Infer(b *testing.B) {
	benchPost(b, "/v2/models/iris/infer", `{"inputs":[{"name":"input-0","shape":[1,4],"datatype":"FP64","data":[5.1,3.5,1.4,0.2]}]}`)
}

func BenchmarkTFPredict(b *testing.B) {
	benchPost(b, "/v1/models/iris:predict", `{"instances":[[5.1, 3.5, 1.4, 0.2]]}`)
}
