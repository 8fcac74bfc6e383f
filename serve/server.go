package serve

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync/atomic"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/slipwayml/slipway/monitor"
	"github.com/slipwayml/slipway/registry"
	"github.com/slipwayml/slipway/runtime"
)

// Server serves the models of a Runtime over every protocol at once.
type Server struct {
	cfg      Config
	rt       *runtime.Runtime
	log      *slog.Logger
	metrics  *monitor.Metrics
	inFlight prometheus.Gauge
	ids      *idGen
	mux      *http.ServeMux
	draining atomic.Bool
	// reg, once Manage is called, answers the management API and checks
	// tokens.
	reg    *registry.Registry
	tokens tokenCache
}

// New returns a Server for rt's models. It reports to rt's metrics (a fresh
// set if rt has none); a nil logger discards logs.
func New(cfg Config, rt *runtime.Runtime, logger *slog.Logger) (*Server, error) {
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("serve: %w", err)
	}
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	m := rt.Metrics()
	if m == nil {
		m = monitor.New()
	}
	s := &Server{cfg: cfg, rt: rt, log: logger, metrics: m, inFlight: m.InFlight(), ids: newIDGen(), mux: http.NewServeMux()}
	s.routes()
	return s, nil
}

// routes registers every protocol. Patterns carry no method so that a wrong
// method reaches the route and gets a JSON 405 with an Allow header.
func (s *Server) routes() {
	s.plainRoutes()
	s.v2Routes()
	s.tfRoutes()
	s.kserveV1Routes()
	s.mlflowRoutes()
	s.metricsRoutes()
	s.notFoundRoute()
}

var (
	get     = []string{http.MethodGet}
	post    = []string{http.MethodPost}
	getPost = []string{http.MethodGet, http.MethodPost}
)

// Handler returns the server's HTTP handler.
func (s *Server) Handler() http.Handler { return s.mux }

// Run listens on the configured address and serves until ctx is done, then
// shuts down gracefully.
func (s *Server) Run(ctx context.Context) error {
	ln, err := net.Listen("tcp", s.cfg.Addr)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	return s.Serve(ctx, ln)
}

// Serve serves on ln until ctx is done. Then readiness turns to 503, new
// connections are refused and in-flight requests get up to ShutdownGrace to
// finish before their connections are closed.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	defer FlushLog(s.log)
	srv := &http.Server{
		Handler:      s.mux,
		ReadTimeout:  s.cfg.ReadTimeout,
		WriteTimeout: s.cfg.WriteTimeout,
		IdleTimeout:  s.cfg.IdleTimeout,
		ErrorLog:     slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
	s.log.Info("serving", "addr", ln.Addr().String(), "models", s.rt.Names())
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	s.draining.Store(true)
	s.log.Info("shutting down", "grace", s.cfg.ShutdownGrace)
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), s.cfg.ShutdownGrace)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		srv.Close()
		return fmt.Errorf("serve: shutdown: %w", err)
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve: %w", err)
	}
	return nil
}
