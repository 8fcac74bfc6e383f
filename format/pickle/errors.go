package pickle

import (
	"errors"
	"fmt"
)

// ForbiddenError reports a global that is not on the allow-list. Nothing
// is executed when it is returned.
type ForbiddenError struct{ Global Global }

func (e *ForbiddenError) Error() string {
	return fmt.Sprintf("pickle: refusing global %s: not on the allow-list (loading it could run code)", e.Global)
}

// ErrLimit is wrapped by errors for inputs over a size, memo or depth limit.
var ErrLimit = errors.New("limit exceeded")
