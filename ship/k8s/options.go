package k8s

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/google/go-containerregistry/pkg/name"
	"k8s.io/apimachinery/pkg/api/resource"
	"k8s.io/apimachinery/pkg/util/validation"
)

// Options describe a deployment of one model image. Model and Image are
// required; the zero value of the rest gives defaults.
type Options struct {
	// Model is the served model's name; Version and Digest, if known, are
	// recorded in labels and annotations.
	Model, Version, Digest string
	// Name names every object; default: Model, lowercased, with '_' and '.'
	// turned into '-'.
	Name string
	// Image is the image reference, e.g. from `slipway build --push`.
	Image string
	// Namespace is left out of the manifests when empty.
	Namespace string
	// Replicas defaults to 2, or to the autoscaler when HPA is set.
	Replicas *int32
	// CPU and Memory are the container's requests (default 250m, 256Mi);
	// Memory is also its limit. CPU has no limit, which would throttle.
	CPU, Memory string
	// HPA, if set, adds a HorizontalPodAutoscaler.
	HPA *HPA
	// KServe writes a KServe InferenceService with the image as a custom
	// predictor instead of the Deployment, Service, autoscaler and
	// disruption budget, which KServe makes itself.
	KServe bool
}

// replicas is the fixed replica count, or the autoscaler's minimum.
func (o Options) replicas() int32 {
	switch {
	case o.Replicas != nil:
		return *o.Replicas
	case o.HPA != nil:
		return o.HPA.Min
	}
	return DefaultReplicas
}

// HPA scales between Min and Max replicas to keep the average CPU use at
// CPU percent of the request.
type HPA struct {
	Min, Max, CPU int32
}

// ParseHPA parses MIN:MAX:CPU%, e.g. 2:10:70%.
func ParseHPA(s string) (*HPA, error) {
	parts := strings.Split(strings.TrimSuffix(s, "%"), ":")
	if len(parts) != 3 {
		return nil, fmt.Errorf("hpa %q: want MIN:MAX:CPU%%, e.g. 2:10:70%%", s)
	}
	var v [3]int32
	for i, p := range parts {
		n, err := strconv.ParseInt(p, 10, 32)
		if err != nil {
			return nil, fmt.Errorf("hpa %q: %q is not a whole number", s, p)
		}
		v[i] = int32(n)
	}
	return &HPA{Min: v[0], Max: v[1], CPU: v[2]}, nil
}

// Defaults.
const (
	DefaultReplicas = 2
	DefaultCPU      = "250m"
	DefaultMemory   = "256Mi"
)

func (o Options) withDefaults() Options {
	if o.Name == "" {
		o.Name = strings.NewReplacer("_", "-", ".", "-").Replace(strings.ToLower(o.Model))
	}
	if o.CPU == "" {
		o.CPU = DefaultCPU
	}
	if o.Memory == "" {
		o.Memory = DefaultMemory
	}
	return o
}

// Validate reports every invalid option, so that nothing is written for
// them.
func (o Options) Validate() error {
	o = o.withDefaults()
	var errs []error
	bad := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	if o.Model == "" {
		bad("no model name")
	}
	for _, msg := range validation.IsValidLabelValue(o.Model) {
		bad("model name %q as a label value: %s", o.Model, msg)
	}
	for _, msg := range validation.IsValidLabelValue(o.Version) {
		bad("version %q as a label value: %s", o.Version, msg)
	}
	for _, msg := range validation.IsDNS1035Label(o.Name) {
		bad("name %q: %s", o.Name, msg)
	}
	if o.Image == "" {
		bad("no image: give the reference of a pushed image")
	} else if _, err := name.ParseReference(o.Image); err != nil {
		bad("image: %v", err)
	}
	if o.Namespace != "" {
		for _, msg := range validation.IsDNS1123Label(o.Namespace) {
			bad("namespace %q: %s", o.Namespace, msg)
		}
	}
	if o.Replicas != nil && *o.Replicas < 1 {
		bad("replicas %d: want at least 1", *o.Replicas)
	}
	if o.Replicas != nil && o.HPA != nil {
		bad("replicas and hpa both set: the autoscaler sets the replicas")
	}
	for _, q := range []struct{ flag, value string }{{"cpu", o.CPU}, {"memory", o.Memory}} {
		if v, err := resource.ParseQuantity(q.value); err != nil || v.Sign() <= 0 {
			bad("%s %q: want a positive quantity such as %s", q.flag, q.value, map[string]string{"cpu": "500m", "memory": "512Mi"}[q.flag])
		}
	}
	if h := o.HPA; h != nil {
		if h.Min < 1 || h.Max < h.Min {
			bad("hpa %d:%d: want 1 <= MIN <= MAX", h.Min, h.Max)
		}
		if h.CPU < 1 || h.CPU > 1000 {
			bad("hpa CPU target %d%%: want 1 to 1000", h.CPU)
		}
	}
	return errors.Join(errs...)
}
