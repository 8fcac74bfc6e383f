package tensor

import (
	"reflect"
	"testing"
)

func TestRows(t *testing.T) {
	x, err := New([]int{3, 2}, []float32{1, 2, 3, 4, 5, 6})
	if err != nil {
		t.Fatal(err)
	}
	got, err := x.Rows([]int{2, 0, 2})
	if err != nil {
		t.Fatal(err)
	}
	if want := []int{3, 2}; !reflect.DeepEqual(got.Shape(), want) {
		t.Errorf("shape = %v, want %v", got.Shape(), want)
	}
	if want := []float32{5, 6, 1, 2, 5, 6}; !reflect.DeepEqual(got.Data(), want) {
		t.Errorf("data = %v, want %v", got.Data(), want)
	}
	if _, err := x.Rows([]int{3}); err == nil {
		t.Error("row 3 of 3: want an error")
	}
	s, _ := New([]int{}, []string{"a"})
	if _, err := s.Rows([]int{0}); err == nil {
		t.Error("rows of a scalar: want an error")
	}
}
