package serve

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/slipwayml/slipway/model"
	"github.com/slipwayml/slipway/runtime"
	"github.com/slipwayml/slipway/tensor"
)

// httpError is an error with the status code it is answered with.
type httpError struct {
	code int
	err  error
}

func (e *httpError) Error() string { return e.err.Error() }
func (e *httpError) Unwrap() error { return e.err }

// errorf returns an error answered with code.
func errorf(code int, format string, args ...any) error {
	return &httpError{code: code, err: fmt.Errorf(format, args...)}
}

// badRequest marks err, from decoding a request, as the client's fault.
func badRequest(err error) error {
	return &httpError{code: http.StatusBadRequest, err: err}
}

// statusOf maps an error to its HTTP status: client faults to 4xx, a full
// queue to 503, everything else (model faults, panics) to 500.
func statusOf(err error) int {
	var he *httpError
	switch {
	case errors.As(err, &he):
		return he.code
	case errors.Is(err, runtime.ErrNotFound):
		return http.StatusNotFound
	case errors.Is(err, runtime.ErrSaturated):
		return http.StatusServiceUnavailable
	case model.IsInputError(err), errors.Is(err, tensor.ErrShape):
		return http.StatusBadRequest
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, context.Canceled):
		return http.StatusServiceUnavailable
	}
	return http.StatusInternalServerError
}
