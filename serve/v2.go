package serve

import (
	"github.com/slipwayml/slipway/internal/jsonvalue"
	"net/http"
	"strconv"

	"github.com/slipwayml/slipway/model"
	"github.com/slipwayml/slipway/runtime"
)

// Open Inference Protocol (KServe V2) REST endpoints other than infer:
// health, server metadata and model metadata.

func (s *Server) v2Routes() {
	s.mux.Handle("/v2", s.route("v2", get, s.v2ServerMetadata))
	s.mux.Handle("/v2/health/live", s.route("v2", get, s.live))
	s.mux.Handle("/v2/health/ready", s.route("v2", get, s.ready))
	s.mux.Handle("/v2/models/{m}", s.route("v2", get, s.v2ModelMetadata))
	s.mux.Handle("/v2/models/{m}/versions/{v}", s.route("v2", get, s.v2ModelMetadata))
	s.mux.Handle("/v2/models/{m}/ready", s.route("v2", get, s.v2ModelReady))
	s.mux.Handle("/v2/models/{m}/versions/{v}/ready", s.route("v2", get, s.v2ModelReady))
	s.mux.Handle("/v2/models/{m}/infer", s.route("v2", post, s.v2Infer))
	s.mux.Handle("/v2/models/{m}/versions/{v}/infer", s.route("v2", post, s.v2Infer))
}

// v2Version resolves {m} and the optional {v} and labels the exchange.
func (s *Server) v2Version(x *exchange) (*runtime.Version, error) {
	v, err := s.rt.Lookup(x.r.PathValue("m"), x.r.PathValue("v"))
	if err != nil {
		return nil, err
	}
	x.model, x.version = v.Name(), v.Version()
	return v, nil
}

func (s *Server) v2ServerMetadata(x *exchange) error {
	x.out = append(x.out[:0], `{"name":"slipway","version":`...)
	x.out = jsonvalue.AppendString(x.out, serverVersion())
	x.out = append(x.out, `,"extensions":["binary_tensor_data"]}`+"\n"...)
	x.sendJSON()
	return nil
}

func (s *Server) v2ModelReady(x *exchange) error {
	v, err := s.v2Version(x)
	if err != nil {
		return err
	}
	ready := !s.draining.Load()
	x.out = append(x.out[:0], `{"name":`...)
	x.out = jsonvalue.AppendString(x.out, v.Name())
	x.out = append(x.out, `,"ready":`...)
	x.out = strconv.AppendBool(x.out, ready)
	x.out = append(x.out, "}\n"...)
	x.send(readyStatus(ready), jsonType, x.out)
	return nil
}

func (s *Server) v2ModelMetadata(x *exchange) error {
	v, err := s.v2Version(x)
	if err != nil {
		return err
	}
	sig := v.Model().Signature()
	b := append(x.out[:0], `{"name":`...)
	b = jsonvalue.AppendString(b, v.Name())
	b = append(b, `,"versions":[`...)
	for i, ver := range s.rt.Versions(v.Name()) {
		if i > 0 {
			b = append(b, ',')
		}
		b = jsonvalue.AppendString(b, ver.Version())
	}
	b = append(b, `],"platform":`...)
	b = jsonvalue.AppendString(b, platform(v.Model()))
	b = append(b, `,"inputs":`...)
	b = appendV2Specs(b, sig.Inputs)
	b = append(b, `,"outputs":`...)
	b = appendV2Specs(b, sig.Outputs)
	x.out = append(b, "}\n"...)
	x.sendJSON()
	return nil
}

func appendV2Specs(b []byte, specs []model.TensorSpec) []byte {
	b = append(b, '[')
	for i, sp := range specs {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"name":`...)
		b = jsonvalue.AppendString(b, sp.Name)
		b = append(b, `,"datatype":"`...)
		b = append(b, sp.DType.String()...)
		b = append(b, `","shape":`...)
		b = appendInts(b, sp.Shape)
		b = append(b, '}')
	}
	return append(b, ']')
}

// platform names the model's format for metadata answers.
func platform(m model.Model) string {
	if d, ok := m.(model.Describer); ok {
		if f := d.Describe().Format; f != "" {
			return f
		}
	}
	return "slipway"
}

func readyStatus(ready bool) int {
	if ready {
		return http.StatusOK
	}
	return http.StatusServiceUnavailable
}
