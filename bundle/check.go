package bundle

import (
	"context"
	"errors"
	"fmt"

	"github.com/slipwayml/slipway/model"
)

// Replay answers a request body the way the server would and returns the
// response body. serve.PredictOffline is the one Slipway uses; it is passed
// in so this package stays below the serving layer.
type Replay func(ctx context.Context, m model.Model, body []byte, method string) ([]byte, error)

// ErrNoResponse reports an example without a recorded response where one is
// needed.
var ErrNoResponse = errors.New("example has no recorded response")

// CheckError is the validation gate's report: the example that failed and
// either why it could not be replayed or the first value that differs.
type CheckError struct {
	Example  string
	Mismatch *Mismatch // nil when Err is set
	Err      error
}

func (e *CheckError) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("example %s: %v", e.Example, e.Err)
	}
	return fmt.Sprintf("example %s: %s = %s, recorded %s (relative tolerance %g)",
		e.Example, e.Mismatch.Path, e.Mismatch.Got, e.Mismatch.Want, Tolerance)
}

func (e *CheckError) Unwrap() error { return e.Err }

// Check replays every example on m and compares the responses with the
// recorded ones. It returns a *CheckError for the first example that fails.
func Check(ctx context.Context, m model.Model, examples []Example, replay Replay) error {
	for i, ex := range examples {
		if err := checkExample(ctx, m, ex, ex.label(i), replay); err != nil {
			return err
		}
	}
	return nil
}

func checkExample(ctx context.Context, m model.Model, ex Example, label string, replay Replay) error {
	if len(ex.Response) == 0 {
		return &CheckError{Example: label, Err: ErrNoResponse}
	}
	got, err := replay(ctx, m, ex.Request, ex.Method)
	if err != nil {
		return &CheckError{Example: label, Err: err}
	}
	mm, err := diffJSON(got, ex.Response)
	if err != nil {
		return &CheckError{Example: label, Err: err}
	}
	if mm != nil {
		return &CheckError{Example: label, Mismatch: mm}
	}
	return nil
}
