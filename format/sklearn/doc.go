// Package sklearn re-implements scikit-learn estimators in Go from the fitted
// state a pickle or joblib file holds, and registers the "sklearn" model format.
package sklearn
