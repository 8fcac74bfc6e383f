package runtime

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/slipwayml/slipway/model"
	"github.com/slipwayml/slipway/monitor"
)

// stub is a model whose Predict runs fn.
type stub struct {
	fn func(ctx context.Context) error
}

func (stub) Signature() model.Signature { return model.Signature{} }

func (s stub) Predict(ctx context.Context, _ model.Tensors, _ []string) (model.Tensors, error) {
	if s.fn == nil {
		return model.Tensors{}, nil
	}
	return nil, s.fn(ctx)
}

func TestVersions(t *testing.T) {
	r := New(Options{})
	for _, v := range []string{"10", "9", "", "beta", "alpha"} {
		if err := r.Add("m", v, stub{}); err != nil {
			t.Fatal(err)
		}
	}
	if err := r.Add("a", "", stub{}); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, v := range r.Versions("m") {
		got = append(got, v.Version())
	}
	if want := "1 9 10 alpha beta"; strings.Join(got, " ") != want {
		t.Errorf("versions %v, want %s", got, want)
	}
	if names := strings.Join(r.Names(), " "); names != "a m" {
		t.Errorf("names %q, want \"a m\"", names)
	}
	for _, tc := range []struct {
		name, version, want string
		err                 string
	}{
		{"m", "", "beta", ""},
		{"m", "9", "9", ""},
		{"m", "11", "", "model m with version 11 not found"},
		{"x", "", "", "model x not found"},
	} {
		v, err := r.Lookup(tc.name, tc.version)
		switch {
		case tc.err != "":
			if err == nil || err.Error() != tc.err || !errors.Is(err, ErrNotFound) {
				t.Errorf("Lookup(%q, %q) error %v, want %q wrapping ErrNotFound", tc.name, tc.version, err, tc.err)
			}
		case err != nil || v.Version() != tc.want:
			t.Errorf("Lookup(%q, %q) = %v, %v; want version %s", tc.name, tc.version, v, err, tc.want)
		}
	}
	if _, ok := r.Only(); ok {
		t.Error("Only() with two models loaded reports one")
	}
}

func TestLabels(t *testing.T) {
	r := New(Options{})
	r.Add("m", "1", stub{})
	r.Add("m", "2", stub{})
	if err := r.SetLabel("m", "stable", "1"); err != nil {
		t.Fatal(err)
	}
	if v, err := r.LookupLabel("m", "stable"); err != nil || v.Version() != "1" {
		t.Errorf("LookupLabel(stable) = %v, %v; want version 1", v, err)
	}
	if err := r.SetLabel("m", "canary", "3"); !errors.Is(err, ErrNotFound) {
		t.Errorf("SetLabel to a missing version: %v, want ErrNotFound", err)
	}
	if _, err := r.LookupLabel("m", "canary"); !errors.Is(err, ErrNotFound) {
		t.Errorf("LookupLabel(canary): %v, want ErrNotFound", err)
	}
	// Replacing a version keeps the labels pointing at it.
	r.Add("m", "1", stub{})
	if v, err := r.LookupLabel("m", "stable"); err != nil || v.Version() != "1" {
		t.Errorf("after replacing version 1, LookupLabel(stable) = %v, %v", v, err)
	}
}

func TestPredictPanicIsCounted(t *testing.T) {
	m := monitor.New()
	r := New(Options{Metrics: m})
	r.Add("p", "", stub{fn: func(context.Context) error { panic("kaboom") }})
	_, err := r.Predict(context.Background(), "p", "", nil, nil)
	if !errors.Is(err, ErrModelPanic) || !strings.Contains(err.Error(), "kaboom") {
		t.Fatalf("Predict error %v, want ErrModelPanic with the panic value", err)
	}
	if got := value(t, m.Registry(), "slipway_model_panics_total"); got != 1 {
		t.Errorf("panics counter %v, want 1", got)
	}
	if got := value(t, m.Registry(), "slipway_model_loaded"); got != 1 {
		t.Errorf("loaded gauge %v, want 1", got)
	}
}

func TestConcurrencyLimit(t *testing.T) {
	release := make(chan struct{})
	started := make(chan struct{})
	r := New(Options{MaxConcurrency: 2, QueueTimeout: 30 * time.Millisecond})
	r.Add("s", "", stub{fn: func(context.Context) error {
		started <- struct{}{}
		<-release
		return nil
	}})
	done := make(chan error, 2)
	for range 2 {
		go func() {
			_, err := r.Predict(context.Background(), "s", "", nil, nil)
			done <- err
		}()
		<-started
	}
	start := time.Now()
	if _, err := r.Predict(context.Background(), "s", "", nil, nil); !errors.Is(err, ErrSaturated) {
		t.Errorf("third Predict: %v, want ErrSaturated", err)
	}
	if waited := time.Since(start); waited < 30*time.Millisecond {
		t.Errorf("gave up after %v, before the 30ms queue timeout", waited)
	}
	// A queued request gets the slot that frees up.
	queued := make(chan error, 1)
	go func() {
		_, err := r.Predict(context.Background(), "s", "", nil, nil)
		queued <- err
	}()
	release <- struct{}{}
	<-started
	close(release)
	for range 2 {
		if err := <-done; err != nil {
			t.Error(err)
		}
	}
	if err := <-queued; err != nil {
		t.Errorf("queued Predict: %v", err)
	}
}

func TestLoadError(t *testing.T) {
	r := New(Options{})
	err := r.Load(context.Background(), "missing", "", "/nonexistent/model.pkl")
	if err == nil || !strings.Contains(err.Error(), "load model missing") {
		t.Errorf("Load of a missing file: %v", err)
	}
	if r.Versions("missing") != nil {
		t.Error("a failed load left a version behind")
	}
}

// value returns the value of the only series of a counter or gauge.
func value(t *testing.T, g prometheus.Gatherer, name string) float64 {
	t.Helper()
	mfs, err := g.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, mf := range mfs {
		if mf.GetName() != name {
			continue
		}
		if len(mf.GetMetric()) != 1 {
			t.Fatalf("%s has %d series, want 1", name, len(mf.GetMetric()))
		}
		mt := mf.GetMetric()[0]
		if c := mt.GetCounter(); c != nil {
			return c.GetValue()
		}
		return mt.GetGauge().GetValue()
	}
	t.Fatalf("no metric %s", name)
	return 0
}
