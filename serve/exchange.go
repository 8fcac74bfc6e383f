package serve

import (
	"errors"
	"fmt"
	"github.com/slipwayml/slipway/internal/jsonvalue"
	"io"
	"net/http"
	"sync"
)

// exchange is one request and its response. It wraps the ResponseWriter to
// learn the status code, carries the model/version the handler resolved (for
// metrics and logs), and owns pooled body and output buffers.
type exchange struct {
	http.ResponseWriter
	r       *http.Request
	status  int
	model   string
	version string
	actor   string // the name of the request's token, if it had one
	body    []byte
	out     []byte
}

var exchanges = sync.Pool{New: func() any { return new(exchange) }}

// maxPooled keeps a huge request from pinning its buffers in the pool.
const maxPooled = 1 << 20

func getExchange(w http.ResponseWriter, r *http.Request) *exchange {
	x := exchanges.Get().(*exchange)
	x.ResponseWriter, x.r = w, r
	return x
}

func putExchange(x *exchange) {
	body, out := x.body[:0], x.out[:0]
	if cap(body) > maxPooled {
		body = nil
	}
	if cap(out) > maxPooled {
		out = nil
	}
	*x = exchange{body: body, out: out}
	exchanges.Put(x)
}

func (x *exchange) WriteHeader(code int) {
	if x.status == 0 {
		x.status = code
	}
	x.ResponseWriter.WriteHeader(code)
}

func (x *exchange) Write(b []byte) (int, error) {
	if x.status == 0 {
		x.status = http.StatusOK
	}
	return x.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the connection.
func (x *exchange) Unwrap() http.ResponseWriter { return x.ResponseWriter }

// Shared header values, so setting them does not allocate.
var (
	jsonType   = []string{"application/json"}
	textType   = []string{"text/plain; charset=utf-8"}
	binaryType = []string{"application/octet-stream"}
)

// send writes body with the given status and content type.
func (x *exchange) send(code int, contentType []string, body []byte) {
	x.Header()["Content-Type"] = contentType
	x.WriteHeader(code)
	x.Write(body)
}

// sendJSON writes x.out, a JSON document, with status 200.
func (x *exchange) sendJSON() { x.send(http.StatusOK, jsonType, x.out) }

// sendError answers {"error": "..."} with err's status.
func (x *exchange) sendError(err error) {
	code := statusOf(err)
	x.out = append(x.out[:0], `{"error":`...)
	x.out = jsonvalue.AppendString(x.out, err.Error())
	x.out = append(x.out, "}\n"...)
	x.send(code, jsonType, x.out)
}

// readBody reads the request body into x.body, refusing more than limit
// bytes with a 413.
func (x *exchange) readBody(limit int64) error {
	if x.r.ContentLength > limit {
		return tooLarge(limit)
	}
	if x.r.ContentLength > 0 && int64(cap(x.body)) < x.r.ContentLength+1 {
		x.body = make([]byte, 0, x.r.ContentLength+1)
	}
	b := x.body[:0]
	defer func() { x.body = b }()
	for {
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
		n, err := x.r.Body.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		switch {
		case int64(len(b)) > limit:
			return tooLarge(limit)
		case errors.Is(err, io.EOF):
			return nil
		case err != nil:
			return badRequest(fmt.Errorf("read request body: %w", err))
		}
	}
}

func tooLarge(limit int64) error {
	return errorf(http.StatusRequestEntityTooLarge, "request body exceeds the limit of %d bytes", limit)
}
