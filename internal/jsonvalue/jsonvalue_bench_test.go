package jsonvalue

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"testing"
)

// smallBody is a single-row V2 inference request, the common case.
const smallBody = `{"inputs":[{"name":"input-0","shape":[1,4],"datatype":"FP64","data":[5.1,3.5,1.4,0.2]}]}`

// largeBody returns a V2 request of about 1 MB: rows of 8 features.
func largeBody() []byte {
	var b strings.Builder
	b.WriteString(`{"id":"bench","inputs":[{"name":"x","shape":[-1,8],"datatype":"FP64","data":[`)
	for i := 0; b.Len() < 1<<20; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteByte('[')
		for j := range 8 {
			if j > 0 {
				b.WriteByte(',')
			}
			b.WriteString(strconv.FormatFloat(float64(i*8+j)/7, 'g', -1, 64))
		}
		b.WriteByte(']')
	}
	b.WriteString(`]}]}`)
	return []byte(b.String())
}

func BenchmarkParse(b *testing.B) {
	for _, body := range []struct {
		name string
		in   []byte
	}{
		{"small", []byte(smallBody)},
		{"1MB", largeBody()},
	} {
		b.Run(fmt.Sprintf("jsonvalue/%s", body.name), func(b *testing.B) {
			b.SetBytes(int64(len(body.in)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Parse(body.in, Limits{}); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(fmt.Sprintf("encoding-json/%s", body.name), func(b *testing.B) {
			b.SetBytes(int64(len(body.in)))
			b.ReportAllocs()
			for b.Loop() {
				var v any
				if err := json.Unmarshal(body.in, &v); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
