package serve

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/slipwayml/slipway/internal/jsonvalue"
	"github.com/slipwayml/slipway/model"
	"github.com/slipwayml/slipway/runtime"
)

// TensorFlow Serving's REST API: predict in the row ("instances") and
// columnar ("inputs") formats, classify and regress (tfserving_examples.go),
// model status and metadata. KServe V1 predict is the same request and
// response, so it is served here too. Error texts that TF Serving's clients
// and tests match on keep its wording ("Malformed request", "Failed to
// convert version", ...).

func (s *Server) tfRoutes() {
	s.mux.Handle("/v1/models/{rest...}", s.route("tfserving", getPost, s.tfServe))
	s.mux.Handle("/v1/{rest...}", s.route("tfserving", getPost, func(x *exchange) error {
		return badRequest(fmt.Errorf("Malformed request: %s %s", x.r.Method, x.r.URL.Path))
	}))
}

// tfPath is a parsed /v1/models/... path. TF Serving puts the verb after a
// colon in the last segment, which mux patterns cannot match.
type tfPath struct {
	model, version, label, verb string
	metadata                    bool
}

func parseTFPath(rest string) (tfPath, error) {
	var p tfPath
	malformed := fmt.Errorf("Malformed request: /v1/models/%s (want {model}[/versions/{n}|/labels/{label}][:predict|/metadata])", rest)
	if i := strings.LastIndexByte(rest, ':'); i >= 0 {
		rest, p.verb = rest[:i], rest[i+1:]
	}
	p.model, rest, _ = strings.Cut(rest, "/")
	if p.model == "" {
		return p, malformed
	}
	kind, rest, _ := strings.Cut(rest, "/")
	switch kind {
	case "versions":
		p.version, rest, _ = strings.Cut(rest, "/")
		if p.version == "" || strings.Trim(p.version, "0123456789") != "" {
			return p, malformed
		}
		if _, err := strconv.ParseInt(p.version, 10, 64); err != nil {
			return p, fmt.Errorf("Failed to convert version: %s", p.version)
		}
		kind, rest, _ = strings.Cut(rest, "/")
	case "labels":
		p.label, rest, _ = strings.Cut(rest, "/")
		if p.label == "" {
			return p, malformed
		}
		kind, rest, _ = strings.Cut(rest, "/")
	}
	switch {
	case kind == "metadata" && rest == "" && p.verb == "":
		p.metadata = true
	case kind != "" || rest != "":
		return p, malformed
	}
	return p, nil
}

func (s *Server) tfServe(x *exchange) error {
	p, err := parseTFPath(x.r.PathValue("rest"))
	if err != nil {
		return badRequest(err)
	}
	switch {
	case x.r.Method == http.MethodPost && p.verb == "predict":
		return s.tfPredict(x, p)
	case x.r.Method == http.MethodPost && (p.verb == "classify" || p.verb == "regress"):
		return s.tfExamples(x, p)
	case x.r.Method == http.MethodPost && p.verb != "":
		return badRequest(fmt.Errorf("Malformed request: :%s is not supported (want :predict, :classify or :regress)", p.verb))
	case x.r.Method == http.MethodGet && p.verb == "" && p.metadata:
		return s.tfMetadata(x, p)
	case x.r.Method == http.MethodGet && p.verb == "":
		return s.tfStatus(x, p)
	}
	return badRequest(fmt.Errorf("Malformed request: %s %s", x.r.Method, x.r.URL.Path))
}

// tfVersion resolves the model with its version or label. An unknown label
// of a known model is a 400, as in TF Serving.
func (s *Server) tfVersion(x *exchange, p tfPath) (*runtime.Version, error) {
	var v *runtime.Version
	var err error
	if p.label != "" {
		v, err = s.rt.LookupLabel(p.model, p.label)
		if err != nil && s.rt.Versions(p.model) != nil {
			return nil, badRequest(fmt.Errorf("Unrecognized servable version label: %s", p.label))
		}
	} else {
		v, err = s.rt.Lookup(p.model, p.version)
	}
	if err != nil {
		return nil, err
	}
	x.model, x.version = v.Name(), v.Version()
	return v, nil
}

func (s *Server) tfPredict(x *exchange, p tfPath) error {
	v, err := s.tfVersion(x, p)
	if err != nil {
		return err
	}
	obj, err := s.tfRequest(x)
	if err != nil {
		return err
	}
	target, err := tfSignature(v.Model(), obj)
	if err != nil {
		return err
	}
	key, in, err := rowsOrColumns(target.sig, obj)
	if err != nil {
		return err
	}
	out, err := target.predict(x.r.Context(), v, in)
	if err != nil {
		return err
	}
	x.out = append(append(append(x.out[:0], `{"`...), key...), `":`...)
	appendOut := appendPrediction
	if key == "predictions" {
		appendOut = appendRowPredictions
	}
	if x.out, err = appendOut(x.out, target.sig, target.outputs, out); err != nil {
		return err
	}
	x.out = append(x.out, "}\n"...)
	x.sendJSON()
	return nil
}

// tfRequest parses the body of a TF Serving POST, which is a JSON object.
func (s *Server) tfRequest(x *exchange) (*jsonvalue.Object, error) {
	body, err := parseJSON(x.body, s.cfg.JSONDepth)
	if err != nil {
		return nil, err
	}
	obj, ok := body.(*jsonvalue.Object)
	if !ok {
		return nil, badRequest(errors.New("request must be a JSON object"))
	}
	return obj, nil
}

// rowsOrColumns decodes "instances" (answered as "predictions") or
// "inputs" (answered as "outputs"), and returns the response key.
func rowsOrColumns(sig model.Signature, obj *jsonvalue.Object) (string, model.Tensors, error) {
	rows, hasRows := obj.Get("instances")
	cols, hasCols := obj.Get("inputs")
	switch {
	case hasRows && hasCols:
		return "", nil, badRequest(errors.New(`send "instances" or "inputs", not both`))
	case hasRows:
		in, err := rowsToInputs(sig, rows)
		return "predictions", in, err
	case hasCols:
		in, err := columnsToInputs(sig, cols)
		return "outputs", in, err
	}
	return "", nil, badRequest(errors.New(`request has neither "instances" nor "inputs"`))
}

// tfStatus answers GetModelStatus for all versions, or the one named.
func (s *Server) tfStatus(x *exchange, p tfPath) error {
	versions := s.rt.Versions(p.model)
	if p.version != "" || p.label != "" {
		v, err := s.tfVersion(x, p)
		if err != nil {
			return err
		}
		versions = []*runtime.Version{v}
	} else if versions == nil {
		return fmt.Errorf("model %s %w", p.model, runtime.ErrNotFound)
	}
	b := append(x.out[:0], `{"model_version_status":[`...)
	for i, v := range versions {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"version":`...)
		b = jsonvalue.AppendString(b, v.Version())
		b = append(b, `,"state":"AVAILABLE","status":{"error_code":"OK","error_message":""}}`...)
	}
	x.out = append(b, "]}\n"...)
	x.sendJSON()
	return nil
}
