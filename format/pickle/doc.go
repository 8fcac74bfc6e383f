// Package pickle is a safe Python pickle virtual machine. It builds inert Go
// values from an allow-list of globals and never executes code: any other
// global is refused with an error naming it. It also reads joblib's container
// and numpy arrays.
package pickle
