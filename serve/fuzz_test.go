package serve

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/slipwayml/slipway/runtime"
)

// fuzzHandler serves a sum model for the fuzz targets.
func fuzzHandler(f *testing.F) http.Handler {
	rt := runtime.New(runtime.Options{})
	if err := rt.Add("m", "", sumModel{}); err != nil {
		f.Fatal(err)
	}
	s, err := New(Default(), rt, nil)
	if err != nil {
		f.Fatal(err)
	}
	return s.Handler()
}

// seedFrom adds the files under testdata/fuzz/seeds/<name> as seeds.
func seedFrom(f *testing.F, name string) {
	files, _ := filepath.Glob(filepath.Join("testdata", "fuzz", "seeds", name, "*"))
	for _, p := range files {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
}

// fuzzPost posts body to path and fails on a 5xx: a request can be wrong,
// but never the server's fault with a model that cannot fail.
func fuzzPost(f *testing.F, path string) {
	h := fuzzHandler(f)
	f.Fuzz(func(t *testing.T, body []byte) {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest(http.MethodPost, path, strings.NewReader(string(body))))
		if w.Code >= 500 {
			t.Fatalf("status %d for %q: %s", w.Code, body, w.Body)
		}
	})
}

func FuzzV2Infer(f *testing.F) {
	seedFrom(f, "v2")
	fuzzPost(f, "/v2/models/m/infer")
}

func FuzzTFPredict(f *testing.F) {
	seedFrom(f, "rows")
	fuzzPost(f, "/v1/models/m:predict")
}

func FuzzMLflowInvocations(f *testing.F) {
	seedFrom(f, "mlflow")
	fuzzPost(f, "/invocations")
}
