package pickle

// Dtype is a numpy dtype.
type Dtype struct {
	Kind      byte // numpy kind: 'b' bool, 'i' int, 'u' uint, 'f' float, 'c' complex, 'U' unicode, 'S' bytes, 'O' object, 'V' structured/void
	ByteOrder byte // '<' little, '>' big, '|' not applicable
	ItemSize  int  // bytes per element (for 'U', 4 per character)
	Fields    []Field
}

// Field is one field of a structured dtype, such as a column of scikit-learn's
// Tree node array.
type Field struct {
	Name   string
	Dtype  *Dtype
	Offset int
}

// Array is a numpy ndarray. Data holds the raw element bytes in the dtype's
// byte order (C order unless Fortran); Objects holds the elements of an
// object array (Kind 'O') instead.
type Array struct {
	Dtype   *Dtype
	Shape   []int
	Fortran bool
	Data    []byte
	Objects []any
}
