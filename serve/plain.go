package serve

import (
	"errors"
	"net/http"

	"github.com/slipwayml/slipway/internal/jsonvalue"
	"github.com/slipwayml/slipway/runtime"
)

// The plain protocol is what a tutorial Flask app takes: POST a bare list of
// rows, or {"instances": rows}, and get {"prediction": [...]}.

func (s *Server) plainRoutes() {
	s.mux.Handle("/predict", s.route("plain", post, s.plainPredict))
	s.mux.Handle("/models/{name}/predict", s.route("plain", post, s.plainPredict))
}

func (s *Server) plainPredict(x *exchange) error {
	v, err := s.plainVersion(x.r.PathValue("name"))
	if err != nil {
		return err
	}
	x.model, x.version = v.Name(), v.Version()
	body, err := parseJSON(x.body, s.cfg.JSONDepth)
	if err != nil {
		return err
	}
	rows := body
	if obj, ok := body.(*jsonvalue.Object); ok {
		if rows, ok = obj.Get("instances"); !ok {
			return badRequest(errors.New(`want a list of rows or {"instances": rows}`))
		}
	}
	sig := v.Model().Signature()
	in, err := rowsToInputs(sig, rows)
	if err != nil {
		return err
	}
	out, err := v.Predict(x.r.Context(), in, nil)
	if err != nil {
		return err
	}
	x.out = append(x.out[:0], `{"prediction":`...)
	if x.out, err = appendPrediction(x.out, sig, nil, out); err != nil {
		return err
	}
	x.out = append(x.out, "}\n"...)
	x.sendJSON()
	return nil
}

// plainVersion resolves /models/{name}/predict, or /predict when exactly
// one model is loaded.
func (s *Server) plainVersion(name string) (*runtime.Version, error) {
	if name != "" {
		return s.rt.Lookup(name, "")
	}
	v, ok := s.rt.Only()
	if !ok {
		return nil, errorf(http.StatusNotFound, "%d models are loaded (%v); POST to /models/{name}/predict", len(s.rt.Names()), s.rt.Names())
	}
	return v, nil
}
