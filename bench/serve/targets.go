package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/slipwayml/slipway/bench/internal/cases"
)

// target is one endpoint wrk drives: a server, a path and a request body.
type target struct {
	name string
	srv  *server
	path string
	body string // file holding the request body
	want string // a field every good answer has
}

// Target names the report's ratios refer to.
const (
	ceilingLR   = "ceiling"
	slipwayLR   = "slipway LR"
	slipwayLRv2 = "slipway LR v2"
	flaskLR     = "gunicorn+flask LR"
	slipwayRF   = "slipway RF"
	flaskRF     = "gunicorn+flask RF"
)

// startTargets starts one slipway serving both models, the ceiling and a
// Flask app per model, and returns the endpoints to drive, interleaved so
// that each connection count visits every server in turn. stop ends the
// servers.
func startTargets(ctx context.Context, sv specs, dir string, lr, rf cases.Model) (ts []target, stop func(), err error) {
	var running []*server
	stop = func() {
		for _, s := range running {
			s.stop()
		}
	}
	defer func() {
		if err != nil {
			stop()
		}
	}()
	srv := make([]*server, 4)
	for i, spec := range []serverSpec{sv.slipway(lr, rf), sv.ceiling(), sv.flask(lr), sv.flask(rf)} {
		if srv[i], err = start(ctx, spec, dir); err != nil {
			return nil, nil, err
		}
		running = append(running, srv[i])
	}
	slipway, ceiling, flaskOnLR, flaskOnRF := srv[0], srv[1], srv[2], srv[3]
	var lrBody, lrV2Body, rfBody string
	for _, b := range []struct {
		file *string
		m    cases.Model
		fn   bodyFunc
	}{{&lrBody, lr, plainBody}, {&lrV2Body, lr, v2Body}, {&rfBody, rf, plainBody}} {
		if *b.file, err = writeBody(dir, b.m, b.fn); err != nil {
			return nil, nil, err
		}
	}
	ts = []target{
		{ceilingLR, ceiling, "/predict", lrBody, `"prediction"`},
		{slipwayLR, slipway, "/models/" + lr.Name + "/predict", lrBody, `"prediction"`},
		{slipwayLRv2, slipway, "/v2/models/" + lr.Name + "/infer", lrV2Body, `"outputs"`},
		{flaskLR, flaskOnLR, "/predict", lrBody, `"prediction"`},
		{slipwayRF, slipway, "/models/" + rf.Name + "/predict", rfBody, `"prediction"`},
		{flaskRF, flaskOnRF, "/predict", rfBody, `"prediction"`},
	}
	for _, t := range ts {
		if err := t.check(ctx); err != nil {
			return nil, nil, err
		}
	}
	return ts, stop, nil
}

// check sends the target's request once and checks the answer, so that a
// misconfigured server fails loudly instead of being timed answering 404s.
func (t target) check(ctx context.Context) error {
	body, err := os.ReadFile(t.body)
	if err != nil {
		return err
	}
	resp, err := post(ctx, t.srv.url(t.path), body)
	if err != nil {
		return fmt.Errorf("%s: %w", t.name, err)
	}
	if !strings.Contains(resp, t.want) {
		return fmt.Errorf("%s: POST %s answered %q, want it to hold %s", t.name, t.path, resp, t.want)
	}
	return nil
}

// client bounds every request the harness itself sends.
var client = &http.Client{Timeout: 30 * time.Second}

// post sends body as JSON and returns the answer, failing on a non-200 status.
func post(ctx context.Context, url string, body []byte) (string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return "", err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return "", err
	}
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("POST %s: %s: %s", url, resp.Status, b)
	}
	return string(b), nil
}

// bodyFunc encodes one row as a request body.
type bodyFunc func(row []float64) any

// plainBody is the plain protocol's, the ceiling's and Flask's request: a
// list of rows.
func plainBody(row []float64) any { return [][]float64{row} }

// v2Body is the Open Inference Protocol's request for one row.
func v2Body(row []float64) any {
	type input struct {
		Name     string    `json:"name"`
		Shape    []int     `json:"shape"`
		Datatype string    `json:"datatype"`
		Data     []float64 `json:"data"`
	}
	return map[string][]input{"inputs": {{"input-0", []int{1, len(row)}, "FP64", row}}}
}

// writeBody writes the request for m's first recorded row to a file in dir.
func writeBody(dir string, m cases.Model, fn bodyFunc) (string, error) {
	rows, err := m.Rows()
	if err != nil {
		return "", err
	}
	b, err := json.Marshal(fn(rows[0]))
	if err != nil {
		return "", err
	}
	f, err := os.CreateTemp(dir, m.Name+"-*.json")
	if err != nil {
		return "", err
	}
	defer f.Close()
	if _, err := f.Write(b); err != nil {
		return "", err
	}
	return f.Name(), f.Close()
}
