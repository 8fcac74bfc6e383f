package k8s

import (
	"bytes"
	"fmt"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"sigs.k8s.io/yaml"
)

// Manifests returns the objects that run the model, in the order to apply
// them, after validating o.
func Manifests(o Options) ([]*unstructured.Unstructured, error) {
	if err := o.Validate(); err != nil {
		return nil, err
	}
	o = o.withDefaults()
	var objs []any
	if o.KServe {
		isvc, err := o.inferenceService()
		if err != nil {
			return nil, err
		}
		objs = append(objs, isvc)
	} else {
		objs = append(objs, o.service(), o.deployment())
		if o.HPA != nil {
			objs = append(objs, o.autoscaler())
		}
		objs = append(objs, o.disruptionBudget(), o.serviceMonitor())
	}
	objs = append(objs, o.prometheusRule())
	out := make([]*unstructured.Unstructured, len(objs))
	for i, obj := range objs {
		m, ok := obj.(map[string]any)
		if !ok {
			var err error
			if m, err = toMap(obj); err != nil {
				return nil, err
			}
		}
		out[i] = &unstructured.Unstructured{Object: m}
	}
	return out, nil
}

// YAML writes objs as one YAML stream, documents separated by "---".
func YAML(objs []*unstructured.Unstructured) ([]byte, error) {
	var buf bytes.Buffer
	for i, obj := range objs {
		b, err := yaml.Marshal(obj.Object)
		if err != nil {
			return nil, fmt.Errorf("%s %s: %w", obj.GetKind(), obj.GetName(), err)
		}
		if i > 0 {
			buf.WriteString("---\n")
		}
		buf.Write(b)
	}
	return buf.Bytes(), nil
}

// toMap converts a typed object to its unstructured form, without the
// status a new object has no use for.
func toMap(obj any) (map[string]any, error) {
	m, err := runtime.DefaultUnstructuredConverter.ToUnstructured(obj)
	if err != nil {
		return nil, fmt.Errorf("convert %T: %w", obj, err)
	}
	delete(m, "status")
	return m, nil
}

func metadata(meta metav1.ObjectMeta) map[string]any {
	m, err := runtime.DefaultUnstructuredConverter.ToUnstructured(&meta)
	if err != nil {
		panic(err) // ObjectMeta always converts
	}
	return m
}

func stringMap(m map[string]string) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}
