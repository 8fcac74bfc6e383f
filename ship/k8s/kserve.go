package k8s

// inferenceService runs the image as a KServe custom predictor. KServe
// makes the Deployment, Service and autoscaling itself; it sends traffic
// to port 8080 of the container it calls kserve-container.
func (o Options) inferenceService() (map[string]any, error) {
	container := o.container("kserve-container")
	c, err := toMap(&container)
	if err != nil {
		return nil, err
	}
	predictor := map[string]any{"containers": []any{c}}
	if h := o.HPA; h != nil {
		predictor["minReplicas"] = int64(h.Min)
		predictor["maxReplicas"] = int64(h.Max)
		predictor["scaleMetric"] = "cpu"
		predictor["scaleTarget"] = int64(h.CPU)
	} else {
		predictor["minReplicas"] = int64(o.replicas())
		predictor["maxReplicas"] = int64(o.replicas())
	}
	meta := o.servingMeta()
	if meta.Annotations == nil {
		meta.Annotations = map[string]string{}
	}
	meta.Annotations["serving.kserve.io/enable-prometheus-scraping"] = "true"
	return map[string]any{
		"apiVersion": "serving.kserve.io/v1beta1",
		"kind":       "InferenceService",
		"metadata":   metadata(meta),
		"spec":       map[string]any{"predictor": predictor},
	}, nil
}
