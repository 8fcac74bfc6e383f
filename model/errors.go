package model

import (
	"errors"
	"fmt"
)

// InputError reports a request the model cannot accept: a client fault that
// protocols answer with a 4xx.
type InputError struct{ Err error }

func (e *InputError) Error() string { return e.Err.Error() }
func (e *InputError) Unwrap() error { return e.Err }

// BadInput returns an *InputError with a formatted message.
func BadInput(format string, args ...any) error {
	return &InputError{Err: fmt.Errorf(format, args...)}
}

// IsInputError reports whether err is, or wraps, an *InputError.
func IsInputError(err error) bool {
	var ie *InputError
	return errors.As(err, &ie)
}

// ErrUnknownFormat is returned by Load when no registered format recognises
// the file.
var ErrUnknownFormat = errors.New("unknown model format")
