package serve

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"

	"github.com/slipwayml/slipway/runtime"
)

// BenchmarkSavedModel measures TF Serving requests on the corpus's
// half_plus_two, whose graph costs little next to the protocol path.
func BenchmarkSavedModel(b *testing.B) {
	corpus := os.Getenv("SLIPWAY_CORPUS")
	if corpus == "" {
		b.Skip("SLIPWAY_CORPUS is not set")
	}
	rt := runtime.New(runtime.Options{})
	if err := rt.Load(b.Context(), "hpt", "", filepath.Join(corpus, "savedmodel", "tfserving__saved_model_half_plus_two_cpu")); err != nil {
		b.Fatal(err)
	}
	s, err := New(Default(), rt, nil)
	if err != nil {
		b.Fatal(err)
	}
	h := s.Handler()
	for _, bc := range []struct{ name, path, body string }{
		{"predict", "/v1/models/hpt:predict", `{"instances": [1.0, 2.0, 5.0]}`},
		{"classify", "/v1/models/hpt:classify", `{"signature_name": "classify_x_to_y", "examples": [{"x": 20.0}]}`},
	} {
		b.Run(bc.name, func(b *testing.B) {
			data := []byte(bc.body)
			b.ReportAllocs()
			for b.Loop() {
				w := httptest.NewRecorder()
				h.ServeHTTP(w, httptest.NewRequest(http.MethodPost, bc.path, bytes.NewReader(data)))
				if w.Code != http.StatusOK {
					b.Fatalf("status %d: %s", w.Code, w.Body)
				}
			}
		})
	}
}
