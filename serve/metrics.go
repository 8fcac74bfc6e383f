package serve

import "net/http"

func (s *Server) metricsRoutes() {
	h := s.metrics.Handler()
	s.mux.Handle("/metrics", s.route("metrics", get, func(x *exchange) error {
		h.ServeHTTP(x, x.r)
		return nil
	}))
}

// The catch-all answers unknown paths with a JSON 404.
func (s *Server) notFoundRoute() {
	s.mux.Handle("/", s.route("none", nil, func(x *exchange) error {
		return errorf(http.StatusNotFound, "no endpoint at %s %s", x.r.Method, x.r.URL.Path)
	}))
}
