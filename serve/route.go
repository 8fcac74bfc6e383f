package serve

import (
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"time"
)

// route is one endpoint: the protocol it belongs to (a metrics label), the
// methods it allows, and its handler. Every request goes through ServeHTTP,
// which is the whole middleware chain: request id, in-flight gauge, method
// check, body limit, panic recovery, JSON errors, metrics and access log.
type route struct {
	s        *Server
	protocol string
	methods  []string // nil allows any
	allow    []string // the Allow header of a 405
	access   access   // the token scopes it needs, beyond --auth predict
	h        func(*exchange) error
}

func (s *Server) route(protocol string, methods []string, h func(*exchange) error) *route {
	return &route{s: s, protocol: protocol, methods: methods, allow: []string{strings.Join(methods, ", ")}, h: h}
}

func (rt *route) allows(method string) bool {
	if method == http.MethodHead {
		method = http.MethodGet
	}
	return rt.methods == nil || slices.Contains(rt.methods, method)
}

func (rt *route) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s := rt.s
	start := time.Now()
	x := getExchange(w, r)
	defer putExchange(x)

	// Echo the caller's id slice as is: no allocation on the common path.
	ids := r.Header["X-Request-Id"]
	if len(ids) == 0 || ids[0] == "" {
		ids = []string{s.ids.next()}
	}
	w.Header()["X-Request-Id"] = ids[:1]
	id := ids[0]
	s.inFlight.Inc()
	defer s.inFlight.Dec()

	rt.serve(x)
	if x.status == 0 {
		x.status = http.StatusOK // what net/http sends for an empty answer
	}

	m := s.metrics.Request(x.model, x.version, rt.protocol, x.status)
	m.Count.Inc()
	elapsed := time.Since(start)
	m.Duration.Observe(elapsed.Seconds())
	if s.log.Enabled(r.Context(), slog.LevelInfo) {
		s.log.LogAttrs(r.Context(), slog.LevelInfo, "request",
			slog.String("id", id),
			slog.String("method", r.Method),
			slog.String("path", r.URL.Path),
			slog.String("protocol", rt.protocol),
			slog.String("model", x.model),
			slog.String("version", x.version),
			slog.Int("status", x.status),
			slog.Int("bytes_in", len(x.body)),
			slog.Duration("duration", elapsed),
			slog.String("remote", r.RemoteAddr),
		)
	}
}

// serve runs the handler, recovering a panic into a 500 so one bad request
// cannot take the server down.
func (rt *route) serve(x *exchange) {
	defer func() {
		if p := recover(); p != nil {
			if p == http.ErrAbortHandler {
				panic(p)
			}
			rt.s.log.Error("handler panic", "path", x.r.URL.Path, "panic", p)
			if x.status == 0 {
				x.sendError(fmt.Errorf("internal error: %v", p))
			}
		}
	}()
	if !rt.allows(x.r.Method) {
		x.Header()["Allow"] = rt.allow
		x.sendError(errorf(http.StatusMethodNotAllowed, "method %s not allowed on %s (use %s)", x.r.Method, x.r.URL.Path, strings.Join(rt.methods, " or ")))
		return
	}
	// Before reading the body, so an anonymous upload costs nothing.
	if need := rt.need(x.r.Method); need != "" {
		if err := rt.s.authorize(x, need); err != nil {
			x.sendError(err)
			return
		}
	}
	if x.r.Method == http.MethodPost || x.r.Method == http.MethodPut {
		if err := x.readBody(rt.s.cfg.BodyLimit); err != nil {
			x.sendError(err)
			return
		}
	}
	if err := rt.h(x); err != nil {
		x.sendError(err)
	}
}
