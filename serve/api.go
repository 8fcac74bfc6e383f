package serve

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"github.com/slipwayml/slipway/registry"
)

// The management API under /api/v1 reads and changes the registry: list
// models, versions and the audit log (read scope), push a version and move
// an alias (deploy scope). Every change is audited under the name of the
// request's token. It answers with encoding/json: it is not a hot path.

// Manage serves the management API from reg and checks tokens against it.
// Call it before serving.
func (s *Server) Manage(reg *registry.Registry) {
	s.reg = reg
	api := func(methods []string, h func(*exchange) error) *route {
		rt := s.route("api", methods, h)
		rt.access = manage
		return rt
	}
	s.mux.Handle("/api/v1/models", api(get, s.apiModels))
	s.mux.Handle("/api/v1/models/{m}/versions", api(getPost, s.apiVersions))
	s.mux.Handle("/api/v1/models/{m}/aliases/{a}", api([]string{http.MethodGet, http.MethodPut}, s.apiAlias))
	s.mux.Handle("/api/v1/log", api(get, s.apiLog))
}

func (s *Server) apiModels(x *exchange) error {
	ms, err := s.reg.Store.Models(x.r.Context())
	if err != nil {
		return apiError(err)
	}
	return x.sendValue(http.StatusOK, map[string]any{"models": nonNil(ms)})
}

func (s *Server) apiVersions(x *exchange) error {
	if x.r.Method == http.MethodPost {
		return s.apiPush(x)
	}
	vs, err := s.reg.Store.Versions(x.r.Context(), x.r.PathValue("m"))
	if err != nil {
		return apiError(err)
	}
	return x.sendValue(http.StatusOK, map[string]any{"versions": nonNil(vs)})
}

func (s *Server) apiAlias(x *exchange) error {
	ctx := x.r.Context()
	m, a := x.r.PathValue("m"), x.r.PathValue("a")
	if x.r.Method == http.MethodPut {
		var req struct {
			Version *int `json:"version"`
		}
		if err := json.Unmarshal(x.body, &req); err != nil || req.Version == nil {
			return badRequest(errors.New(`want {"version": N}`))
		}
		if err := s.reg.Store.SetAlias(ctx, m, a, *req.Version, x.actor); err != nil {
			return apiError(err)
		}
	}
	as, err := s.reg.Store.Aliases(ctx, m)
	if err != nil {
		return apiError(err)
	}
	for _, al := range as {
		if al.Alias == a {
			return x.sendValue(http.StatusOK, al)
		}
	}
	return errorf(http.StatusNotFound, "model %s has no alias %s", m, a)
}

func (s *Server) apiLog(x *exchange) error {
	q := registry.LogQuery{Model: x.r.URL.Query().Get("model")}
	for _, p := range []struct {
		name string
		set  func(int64)
	}{
		{"after", func(n int64) { q.After = n }},
		{"limit", func(n int64) { q.Limit = int(n) }},
	} {
		v := x.r.URL.Query().Get(p.name)
		if v == "" {
			continue
		}
		n, err := strconv.ParseInt(v, 10, 32)
		if err != nil || n < 0 {
			return badRequest(fmt.Errorf("%s=%q: want a non-negative number", p.name, v))
		}
		p.set(n)
	}
	es, err := s.reg.Store.Log(x.r.Context(), q)
	if err != nil {
		return apiError(err)
	}
	return x.sendValue(http.StatusOK, map[string]any{"events": nonNil(es)})
}

// apiError gives registry errors their status: unknown names 404, bad
// input 400, a taken name or an unvalidated version 409, a refused push
// 422.
func apiError(err error) error {
	var gate *registry.GateError
	switch {
	case errors.Is(err, registry.ErrNotFound):
		return &httpError{code: http.StatusNotFound, err: err}
	case errors.Is(err, registry.ErrInvalid):
		return &httpError{code: http.StatusBadRequest, err: err}
	case errors.Is(err, registry.ErrExists), errors.Is(err, registry.ErrNotValidated):
		return &httpError{code: http.StatusConflict, err: err}
	case errors.As(err, &gate):
		return &httpError{code: http.StatusUnprocessableEntity, err: err}
	}
	return err
}

// sendValue answers v as JSON.
func (x *exchange) sendValue(code int, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	x.out = append(append(x.out[:0], b...), '\n')
	x.send(code, jsonType, x.out)
	return nil
}

// nonNil makes an empty list encode as [] rather than null.
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
