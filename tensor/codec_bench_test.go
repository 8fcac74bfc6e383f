package tensor

import (
	"strconv"
	"testing"

	"github.com/slipwayml/slipway/internal/jsonvalue"
)

// benchRows returns a [rows, 8] FP64 tensor's nested JSON text.
func benchRows(rows int) []byte {
	b := []byte{'['}
	for i := range rows {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '[')
		for j := range 8 {
			if j > 0 {
				b = append(b, ',')
			}
			b = strconv.AppendFloat(b, float64(i*8+j)/7, 'g', -1, 64)
		}
		b = append(b, ']')
	}
	return append(b, ']')
}

var benchSizes = []struct {
	name string
	rows int
}{
	{"1row", 1},
	{"6000rows", 6000}, // about 1 MB of JSON
}

func BenchmarkFromNested(b *testing.B) {
	for _, s := range benchSizes {
		in := benchRows(s.rows)
		v, err := jsonvalue.Parse(in, jsonvalue.Limits{})
		if err != nil {
			b.Fatal(err)
		}
		for _, dt := range []DType{Float32, Float64} {
			b.Run(s.name+"/"+dt.String(), func(b *testing.B) {
				b.SetBytes(int64(len(in)))
				b.ReportAllocs()
				for b.Loop() {
					if _, err := FromNested(v, dt); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

func BenchmarkAppendJSON(b *testing.B) {
	for _, s := range benchSizes {
		in := benchRows(s.rows)
		v, _ := jsonvalue.Parse(in, jsonvalue.Limits{})
		for _, dt := range []DType{Float32, Float64} {
			x, err := FromNested(v, dt)
			if err != nil {
				b.Fatal(err)
			}
			buf := x.AppendJSON(nil)
			b.Run(s.name+"/"+dt.String(), func(b *testing.B) {
				b.SetBytes(int64(len(buf)))
				b.ReportAllocs()
				for b.Loop() {
					buf = x.AppendJSON(buf[:0])
				}
			})
		}
	}
}

func BenchmarkFromBinary(b *testing.B) {
	for _, s := range benchSizes {
		v, _ := jsonvalue.Parse(benchRows(s.rows), jsonvalue.Limits{})
		x, err := FromNested(v, Float32)
		if err != nil {
			b.Fatal(err)
		}
		raw := x.AppendBinary(nil)
		b.Run(s.name, func(b *testing.B) {
			b.SetBytes(int64(len(raw)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := FromBinary(raw, x.Shape(), Float32); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
