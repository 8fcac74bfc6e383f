package monitor

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestRequestChildrenAreCached(t *testing.T) {
	m := New()
	a := m.Request("iris", "1", "v2", 200)
	if b := m.Request("iris", "1", "v2", 200); a != b {
		t.Error("the same labels resolved to different children")
	}
	if c := m.Request("iris", "1", "v2", 404); c.Count == a.Count {
		t.Error("codes 200 and 404 share a counter")
	}
	if n := testing.AllocsPerRun(100, func() { m.Request("iris", "1", "v2", 200).Count.Inc() }); n != 0 {
		t.Errorf("a cached request update allocates %v times", n)
	}
}

func TestExposition(t *testing.T) {
	m := New()
	r := m.Request("iris", "2", "plain", 503)
	r.Count.Inc()
	r.Duration.Observe(0.01)
	mm := m.Model("iris", "2")
	mm.Inference.Observe(0.001)
	mm.Loaded.Set(1)
	mm.LoadTime.Observe(0.5)
	mm.Panics.Inc()
	m.InFlight().Inc()

	w := httptest.NewRecorder()
	m.Handler().ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	body := w.Body.String()
	for _, want := range []string{
		`slipway_requests_total{code="503",model="iris",protocol="plain",version="2"} 1`,
		`slipway_request_duration_seconds_bucket{model="iris",protocol="plain",version="2",le="0.0128"} 1`,
		`slipway_inference_duration_seconds_count{model="iris",version="2"} 1`,
		`slipway_model_loaded{model="iris",version="2"} 1`,
		`slipway_model_load_duration_seconds_sum{model="iris",version="2"} 0.5`,
		`slipway_model_panics_total{model="iris",version="2"} 1`,
		`slipway_requests_in_flight 1`,
		`go_gc_duration_seconds`,
		`process_`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("exposition lacks %s", want)
		}
	}
}
