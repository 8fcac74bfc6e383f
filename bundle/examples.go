package bundle

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
)

// Example is a request body and the response the model gave for it.
type Example struct {
	Name string `json:"name,omitempty"`
	// Request is a body `slipway predict` and the server accept.
	Request json.RawMessage `json:"request"`
	// Method names the output wanted, e.g. "predict_proba"; empty means the
	// model's default.
	Method string `json:"method,omitempty"`
	// Response is the recorded answer. When an examples file omits it,
	// packaging records the model's own answer.
	Response json.RawMessage `json:"response,omitempty"`
}

// label names an example in reports: its name, or its position.
func (e Example) label(i int) string {
	if e.Name != "" {
		return fmt.Sprintf("%q", e.Name)
	}
	return fmt.Sprintf("#%d", i)
}

// ReadExamples reads an examples file: a JSON array of examples.
func ReadExamples(path string) ([]Example, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read examples: %w", err)
	}
	return parseExamples(b, path)
}

func parseExamples(b []byte, source string) ([]Example, error) {
	var ex []Example
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&ex); err != nil {
		return nil, fmt.Errorf("examples %s: %w", source, err)
	}
	for i, e := range ex {
		if len(e.Request) == 0 {
			return nil, fmt.Errorf("examples %s: example %s has no request", source, e.label(i))
		}
	}
	return ex, nil
}
