package serve

import "github.com/slipwayml/slipway/internal/jsonvalue"

// KServe V1: POST /v1/models/{m}:predict is TF Serving's row format and is
// served by tfServe; this adds the model list.

func (s *Server) kserveV1Routes() {
	s.mux.Handle("/v1/models", s.route("kservev1", get, s.kserveV1List))
}

func (s *Server) kserveV1List(x *exchange) error {
	b := append(x.out[:0], `{"models":[`...)
	for i, name := range s.rt.Names() {
		if i > 0 {
			b = append(b, ',')
		}
		b = jsonvalue.AppendString(b, name)
	}
	x.out = append(b, "]}\n"...)
	x.sendJSON()
	return nil
}
