package monitor

import (
	"net/http"
	"strconv"
	"sync"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics is the set of Slipway collectors on its own registry. Its methods
// are safe for concurrent use.
type Metrics struct {
	reg *prometheus.Registry

	requests  *prometheus.CounterVec
	duration  *prometheus.HistogramVec
	inference *prometheus.HistogramVec
	inFlight  prometheus.Gauge
	loaded    *prometheus.GaugeVec
	loadTime  *prometheus.HistogramVec
	panics    *prometheus.CounterVec

	// requestChildren caches a RequestMetrics per requestKey: the status
	// code is only known after the response, so children cannot be curried
	// up front.
	requestChildren sync.Map
}

// New registers the Slipway collectors and the Go and process collectors on
// a fresh registry.
func New() *Metrics {
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "slipway_requests_total",
			Help: "HTTP requests answered, by model, version, protocol and status code.",
		}, []string{"model", "version", "protocol", "code"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "slipway_request_duration_seconds",
			Help:    "Time from receiving a request to finishing its response.",
			Buckets: prometheus.ExponentialBuckets(50e-6, 2, 16),
		}, []string{"model", "version", "protocol"}),
		inference: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "slipway_inference_duration_seconds",
			Help:    "Time spent in a model's Predict, excluding queueing and decoding.",
			Buckets: prometheus.ExponentialBuckets(10e-6, 2, 18),
		}, []string{"model", "version"}),
		inFlight: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "slipway_requests_in_flight",
			Help: "Requests being served.",
		}),
		loaded: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "slipway_model_loaded",
			Help: "1 while a model version is loaded and serving.",
		}, []string{"model", "version"}),
		loadTime: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "slipway_model_load_duration_seconds",
			Help:    "Time to load a model version from its file.",
			Buckets: prometheus.ExponentialBuckets(1e-3, 4, 10),
		}, []string{"model", "version"}),
		panics: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "slipway_model_panics_total",
			Help: "Panics recovered from a model's Predict.",
		}, []string{"model", "version"}),
	}
	m.reg.MustRegister(
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		m.requests, m.duration, m.inference, m.inFlight, m.loaded, m.loadTime, m.panics,
	)
	return m
}

// Registry returns the registry holding every Slipway metric.
func (m *Metrics) Registry() *prometheus.Registry { return m.reg }

// Handler serves the registry in the Prometheus exposition formats.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg})
}

// InFlight is the gauge of requests being served.
func (m *Metrics) InFlight() prometheus.Gauge { return m.inFlight }

// RequestMetrics are the children one finished request updates.
type RequestMetrics struct {
	Count    prometheus.Counter
	Duration prometheus.Observer
}

type requestKey struct {
	model, version, protocol string
	code                     int
}

// Request returns the children for requests with these labels. An empty
// model means the request named no loaded model.
func (m *Metrics) Request(model, version, protocol string, code int) RequestMetrics {
	key := requestKey{model, version, protocol, code}
	if c, ok := m.requestChildren.Load(key); ok {
		return c.(RequestMetrics)
	}
	c := RequestMetrics{
		Count:    m.requests.WithLabelValues(model, version, protocol, strconv.Itoa(code)),
		Duration: m.duration.WithLabelValues(model, version, protocol),
	}
	m.requestChildren.Store(key, c)
	return c
}

// ModelMetrics are the children of one loaded model version.
type ModelMetrics struct {
	Inference prometheus.Observer
	Panics    prometheus.Counter
	Loaded    prometheus.Gauge
	LoadTime  prometheus.Observer
}

// Model returns the children for one model version; callers resolve them
// once when the version is loaded.
func (m *Metrics) Model(model, version string) ModelMetrics {
	return ModelMetrics{
		Inference: m.inference.WithLabelValues(model, version),
		Panics:    m.panics.WithLabelValues(model, version),
		Loaded:    m.loaded.WithLabelValues(model, version),
		LoadTime:  m.loadTime.WithLabelValues(model, version),
	}
}
