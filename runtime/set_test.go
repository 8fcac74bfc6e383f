package runtime

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/slipwayml/slipway/model"
)

func versionNames(vs []*Version) []string {
	var out []string
	for _, v := range vs {
		out = append(out, v.Version())
	}
	return out
}

func TestSet(t *testing.T) {
	a, b, c := stub{}, stub{}, stub{}
	tests := []struct {
		name     string
		st       State
		versions []string // served after
		def      string   // the default version after
		retired  []string
		err      bool
	}{
		{"first", State{Versions: map[string]model.Model{"1": a}, Labels: map[string]string{"prod": "1"}}, []string{"1"}, "1", nil, false},
		{"add with default older", State{Versions: map[string]model.Model{"1": nil, "2": b}, Labels: map[string]string{"prod": "1"}, Default: "1"}, []string{"1", "2"}, "1", nil, false},
		{"swap", State{Versions: map[string]model.Model{"2": nil}, Labels: map[string]string{"prod": "2"}, Default: "2"}, []string{"2"}, "2", []string{"1"}, false},
		{"replace in place", State{Versions: map[string]model.Model{"2": c}}, []string{"2"}, "2", []string{"2"}, false},
		{"keep unknown", State{Versions: map[string]model.Model{"7": nil}}, []string{"2"}, "2", nil, true},
		{"label at missing", State{Versions: map[string]model.Model{"2": nil}, Labels: map[string]string{"prod": "3"}}, []string{"2"}, "2", nil, true},
		{"default missing", State{Versions: map[string]model.Model{"2": nil}, Default: "3"}, []string{"2"}, "2", nil, true},
		{"remove", State{}, nil, "", []string{"2"}, false},
	}
	r := New(Options{})
	for _, tt := range tests {
		retired, err := r.Set("m", tt.st)
		if (err != nil) != tt.err {
			t.Fatalf("%s: Set error %v, want error %v", tt.name, err, tt.err)
		}
		if got := versionNames(retired); !slices.Equal(got, tt.retired) {
			t.Errorf("%s: retired %v, want %v", tt.name, got, tt.retired)
		}
		if got := versionNames(r.Versions("m")); !slices.Equal(got, tt.versions) {
			t.Errorf("%s: versions %v, want %v", tt.name, got, tt.versions)
		}
		v, err := r.Lookup("m", "")
		switch {
		case tt.def == "" && !errors.Is(err, ErrNotFound):
			t.Errorf("%s: default lookup %v, %v; want not found", tt.name, v, err)
		case tt.def != "" && (err != nil || v.Version() != tt.def):
			t.Errorf("%s: default %v, %v; want %s", tt.name, v, err, tt.def)
		}
		for label, version := range tt.st.Labels {
			if v, err := r.LookupLabel("m", label); !tt.err && (err != nil || v.Version() != version) {
				t.Errorf("%s: label %s -> %v, %v; want %s", tt.name, label, v, err, version)
			}
		}
	}
}

// A retired version answers the request that found it before the swap, and
// drains when that request ends.
func TestRetiredVersionDrains(t *testing.T) {
	release := make(chan struct{})
	started := make(chan struct{})
	r := New(Options{})
	r.Set("m", State{Versions: map[string]model.Model{"1": stub{fn: func(context.Context) error {
		close(started)
		<-release
		return nil
	}}}})
	old, _ := r.Lookup("m", "")
	done := make(chan error)
	go func() {
		_, err := old.Predict(context.Background(), nil, nil)
		done <- err
	}()
	<-started
	retired, err := r.Set("m", State{Versions: map[string]model.Model{"2": stub{}}})
	if err != nil || len(retired) != 1 || retired[0] != old {
		t.Fatalf("Set = %v, %v; want version 1 retired", retired, err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if n, err := old.Drain(ctx); n != 1 || !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Drain with a request running = %d, %v; want 1 in flight and a timeout", n, err)
	}
	close(release)
	if err := <-done; err != nil {
		t.Errorf("in-flight request on the retired version: %v", err)
	}
	if n, err := old.Drain(context.Background()); n != 0 || err != nil {
		t.Errorf("Drain after the request ended = %d, %v", n, err)
	}
}
