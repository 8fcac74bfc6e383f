package registry

import "testing"

func TestScopeAllows(t *testing.T) {
	tests := []struct {
		have, need Scope
		want       bool
	}{
		{ScopeRead, ScopeRead, true},
		{ScopeRead, ScopeDeploy, false},
		{ScopeDeploy, ScopeRead, true},
		{ScopeDeploy, ScopeAdmin, false},
		{ScopeAdmin, ScopeDeploy, true},
		{"", ScopeRead, false},
		{"root", ScopeRead, false},
	}
	for _, tt := range tests {
		if got := tt.have.Allows(tt.need); got != tt.want {
			t.Errorf("Scope(%q).Allows(%q) = %v, want %v", tt.have, tt.need, got, tt.want)
		}
	}
}
