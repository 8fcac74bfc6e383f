package deploy

import (
	"reflect"
	"testing"

	"github.com/slipwayml/slipway/registry"
)

func TestParseTarget(t *testing.T) {
	tests := []struct {
		in   string
		want Target
		err  bool
	}{
		{"iris@production", Target{"iris", "production"}, false},
		{"*", Target{Model: All}, false},
		{"iris", Target{}, true},
		{"iris@", Target{}, true},
		{"@production", Target{}, true},
		{"iris@3", Target{}, true},
		{"iris@latest", Target{}, true},
	}
	for _, tt := range tests {
		got, err := ParseTarget(tt.in)
		if got != tt.want || (err != nil) != tt.err {
			t.Errorf("ParseTarget(%q) = %v, %v; want %v, error %v", tt.in, got, err, tt.want, tt.err)
		}
	}
}

func TestPolicy(t *testing.T) {
	all := []registry.Version{{Version: 1, Validated: true}, {Version: 2}, {Version: 3, Validated: true}, {Version: 4, Validated: true}}
	tests := []struct {
		in   string
		want []int // versions kept out of all
		err  bool
	}{
		{"", nil, false},
		{"aliases", nil, false},
		{"latest:2", []int{3, 4}, false},
		{"latest:9", []int{1, 3, 4}, false},
		{"specific:1,2,4,7", []int{1, 4}, false}, // 2 failed validation, 7 does not exist
		{"latest:0", nil, true},
		{"latest:", nil, true},
		{"specific:", nil, true},
		{"specific:1,x", nil, true},
		{"aliases:1", nil, true},
		{"newest:2", nil, true},
	}
	for _, tt := range tests {
		p, err := ParsePolicy(tt.in)
		if (err != nil) != tt.err {
			t.Errorf("ParsePolicy(%q) error %v, want error %v", tt.in, err, tt.err)
			continue
		}
		var got []int
		for _, v := range p.versions(all) {
			got = append(got, v.Version)
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("policy %q keeps %v, want %v", tt.in, got, tt.want)
		}
	}
}
