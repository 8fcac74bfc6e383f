package serve

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"strconv"

	"github.com/slipwayml/slipway/internal/jsonvalue"
	"github.com/slipwayml/slipway/model"
)

// MLflow's scoring server: POST /invocations with a pandas DataFrame
// (dataframe_split, dataframe_records or CSV) or tensors (instances,
// inputs), answered {"predictions": ...}; GET /ping, /health, /version.

func (s *Server) mlflowRoutes() {
	s.mux.Handle("/invocations", s.route("mlflow", post, s.mlflowInvocations))
	s.mux.Handle("/ping", s.route("mlflow", get, s.mlflowPing))
	s.mux.Handle("/health", s.route("mlflow", get, s.mlflowPing))
	s.mux.Handle("/version", s.route("mlflow", get, func(x *exchange) error {
		x.out = append(append(x.out[:0], serverVersion()...), '\n')
		x.send(http.StatusOK, textType, x.out)
		return nil
	}))
}

func (s *Server) mlflowPing(x *exchange) error {
	x.out = append(x.out[:0], '\n')
	x.send(readyStatus(s.isReady()), textType, x.out)
	return nil
}

func (s *Server) mlflowInvocations(x *exchange) error {
	v, err := s.plainVersion("")
	if err != nil {
		return err
	}
	x.model, x.version = v.Name(), v.Version()
	sig := v.Model().Signature()
	var in model.Tensors
	switch ct := mediaType(x.r.Header.Get("Content-Type")); ct {
	case "text/csv":
		in, err = csvToInputs(sig, x.body)
	case "", "application/json":
		var body any
		if body, err = parseJSON(x.body, s.cfg.JSONDepth); err == nil {
			in, err = mlflowToInputs(sig, body)
		}
	default:
		return errorf(http.StatusUnsupportedMediaType, "content type %q: want application/json or text/csv", ct)
	}
	if err != nil {
		return err
	}
	out, err := v.Predict(x.r.Context(), in, nil)
	if err != nil {
		return err
	}
	x.out = append(x.out[:0], `{"predictions":`...)
	if x.out, err = appendPrediction(x.out, sig, nil, out); err != nil {
		return err
	}
	x.out = append(x.out, "}\n"...)
	x.sendJSON()
	return nil
}

func mediaType(h string) string {
	if h == "" {
		return ""
	}
	t, _, err := mime.ParseMediaType(h)
	if err != nil {
		return h
	}
	return t
}

// mlflowLayouts are the keys of MLflow's JSON scoring formats.
var mlflowLayouts = []string{"dataframe_split", "dataframe_records", "instances", "inputs"}

// mlflowToInputs decodes one of MLflow's four JSON layouts; "params" is
// accepted and, having no model parameters to set, ignored.
func mlflowToInputs(sig model.Signature, body any) (model.Tensors, error) {
	obj, ok := body.(*jsonvalue.Object)
	if !ok {
		return nil, badRequest(fmt.Errorf("want a JSON object with one of %v", mlflowLayouts))
	}
	layout, value := "", any(nil)
	for i, k := range obj.Keys {
		switch k {
		case "params":
			if _, ok := obj.Values[i].(*jsonvalue.Object); !ok {
				return nil, badRequest(errors.New(`"params" must be an object`))
			}
		case "dataframe_split", "dataframe_records", "instances", "inputs":
			if layout != "" {
				return nil, badRequest(fmt.Errorf("both %q and %q given; send one", layout, k))
			}
			layout, value = k, obj.Values[i]
		default:
			return nil, badRequest(fmt.Errorf("unknown key %q (want one of %v, and optionally params)", k, mlflowLayouts))
		}
	}
	switch layout {
	case "dataframe_split":
		return splitToInputs(sig, value)
	case "dataframe_records":
		return recordsToInputs(sig, value)
	case "instances":
		return rowsToInputs(sig, value)
	case "inputs":
		return columnsToInputs(sig, value)
	}
	return nil, badRequest(fmt.Errorf("want one of %v", mlflowLayouts))
}

// splitToInputs decodes {"columns": [...], "data": [[...], ...]}.
func splitToInputs(sig model.Signature, v any) (model.Tensors, error) {
	obj, ok := v.(*jsonvalue.Object)
	if !ok {
		return nil, badRequest(errors.New(`"dataframe_split" must be an object with "data" and optionally "columns"`))
	}
	data, ok := obj.Get("data")
	rows, isList := data.([]any)
	if !ok || !isList {
		return nil, badRequest(errors.New(`"dataframe_split" needs "data", a list of rows`))
	}
	var columns []string
	if c, ok := obj.Get("columns"); ok {
		list, ok := c.([]any)
		if !ok {
			return nil, badRequest(errors.New(`"columns" must be a list of names`))
		}
		for _, e := range list {
			name, ok := e.(string)
			if !ok {
				return nil, badRequest(errors.New(`"columns" must be a list of names`))
			}
			columns = append(columns, name)
		}
	}
	return frameToInputs(sig, columns, rows)
}

// recordsToInputs decodes [{"col": value, ...}, ...]; the first record's
// keys give the column order. For a model whose one input is a record,
// each may have its own keys.
func recordsToInputs(sig model.Signature, v any) (model.Tensors, error) {
	list, ok := v.([]any)
	if !ok || len(list) == 0 {
		return nil, badRequest(errors.New(`"dataframe_records" must be a non-empty list of objects`))
	}
	first, ok := list[0].(*jsonvalue.Object)
	if !ok {
		return nil, badRequest(errors.New(`"dataframe_records" must be a list of objects`))
	}
	if isRecordInput(sig, first) {
		return rowsToInputs(sig, list)
	}
	rows := make([]any, len(list))
	for i, e := range list {
		rec, ok := e.(*jsonvalue.Object)
		if !ok || len(rec.Keys) != len(first.Keys) {
			return nil, badRequest(fmt.Errorf("record %d does not have the columns of record 0 (%v)", i, first.Keys))
		}
		row := make([]any, len(first.Keys))
		for j, k := range first.Keys {
			if row[j], ok = rec.Get(k); !ok {
				return nil, badRequest(fmt.Errorf("record %d lacks column %q", i, k))
			}
		}
		rows[i] = row
	}
	return frameToInputs(sig, first.Keys, rows)
}

// csvToInputs decodes CSV with a header row; cells that parse as numbers
// are numbers, the rest strings.
func csvToInputs(sig model.Signature, body []byte) (model.Tensors, error) {
	records, err := csv.NewReader(bytes.NewReader(body)).ReadAll()
	if err != nil {
		return nil, badRequest(fmt.Errorf("CSV: %w", err))
	}
	if len(records) < 2 {
		return nil, badRequest(errors.New("CSV needs a header row and at least one data row"))
	}
	rows := make([]any, len(records)-1)
	for i, rec := range records[1:] {
		row := make([]any, len(rec))
		for j, cell := range rec {
			if _, err := strconv.ParseFloat(cell, 64); err == nil {
				row[j] = jsonvalue.Number(cell)
			} else {
				row[j] = cell
			}
		}
		rows[i] = row
	}
	return frameToInputs(sig, records[0], rows)
}

// frameToInputs maps a data frame onto the model: the rows become a 2-D
// input of a single-input model, columns in order, or its records, columns
// naming the keys; for a model with several inputs each column feeds the
// input of its name.
func frameToInputs(sig model.Signature, columns []string, rows []any) (model.Tensors, error) {
	if len(rows) == 0 {
		return nil, badRequest(errors.New("the data frame has no rows"))
	}
	if len(sig.Inputs) == 1 && sig.Inputs[0].Keys != nil && len(columns) > 0 {
		recs := make([]any, len(rows))
		for i := range rows {
			row, err := frameRow(rows, i, len(columns))
			if err != nil {
				return nil, err
			}
			recs[i] = &jsonvalue.Object{Keys: columns, Values: row}
		}
		return rowsToInputs(sig, recs)
	}
	if len(sig.Inputs) == 1 {
		return rowsToInputs(sig, rows)
	}
	if len(columns) == 0 {
		return nil, badRequest(fmt.Errorf("model has %d inputs (%s); name the columns", len(sig.Inputs), specNames(sig.Inputs)))
	}
	obj := &jsonvalue.Object{Keys: columns, Values: make([]any, len(columns))}
	for j := range columns {
		col := make([]any, len(rows))
		for i := range rows {
			row, err := frameRow(rows, i, len(columns))
			if err != nil {
				return nil, err
			}
			col[i] = row[j]
		}
		obj.Values[j] = col
	}
	return namedInputs(sig, obj)
}

// frameRow returns row i of a data frame, which must have n values.
func frameRow(rows []any, i, n int) ([]any, error) {
	row, ok := rows[i].([]any)
	if !ok || len(row) != n {
		return nil, badRequest(fmt.Errorf("row %d does not have %d values, one per column", i, n))
	}
	return row, nil
}
