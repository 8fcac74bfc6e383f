package sklearn

import (
	"math"
	"reflect"
	"testing"
)

func TestArgmaxRowsLikeNumpy(t *testing.T) {
	nan := math.NaN()
	data := []float64{
		1, 3, 3, // first maximum wins
		2, nan, 5, // the first NaN wins
		nan, nan, 1,
		-1, -2, -3,
	}
	if got, want := argmaxRows(data, 4, 3), []int{1, 1, 0, 0}; !reflect.DeepEqual(got, want) {
		t.Errorf("argmaxRows = %v, want %v", got, want)
	}
}
