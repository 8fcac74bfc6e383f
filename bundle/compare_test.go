package bundle

import "testing"

func TestDiffJSON(t *testing.T) {
	for _, tt := range []struct {
		name, got, want string
		path            string // "" when equal
	}{
		{"equal", `{"predictions":[1,2.5,"a"]}`, `{"predictions":[1,2.5,"a"]}`, ""},
		{"within tolerance", `[0.9846947466018541]`, `[0.9846947466018540]`, ""},
		{"tiny values relative", `[6.202455901346555e-08]`, `[6.2024559013465e-08]`, ""},
		{"beyond tolerance", `[0.98469474]`, `[0.98469475]`, "[0]"},
		{"label differs", `{"predictions":["setosa","virginica"]}`, `{"predictions":["setosa","versicolor"]}`, "predictions[1]"},
		{"label vs number", `["1"]`, `[1]`, "[0]"},
		{"length differs", `[[1,2],[3]]`, `[[1,2],[3,4]]`, "[1]"},
		{"missing key", `{"a":1}`, `{"b":1}`, "b"},
		{"key renamed", `{"a":1,"c":2}`, `{"a":1,"b":2}`, "b"},
		{"nested", `{"outputs":[{"data":[1,2,3.5]}]}`, `{"outputs":[{"data":[1,2,3]}]}`, "outputs[0].data[2]"},
		{"null vs number", `[null]`, `[0]`, "[0]"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			m, err := diffJSON([]byte(tt.got), []byte(tt.want))
			if err != nil {
				t.Fatal(err)
			}
			switch {
			case tt.path == "" && m != nil:
				t.Errorf("mismatch %+v, want none", m)
			case tt.path != "" && (m == nil || m.Path != tt.path):
				t.Errorf("mismatch %+v, want one at %s", m, tt.path)
			}
		})
	}
}
