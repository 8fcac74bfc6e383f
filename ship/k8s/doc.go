// Package k8s writes the Kubernetes manifests that run a model image: a
// Deployment, Service, HorizontalPodAutoscaler and PodDisruptionBudget,
// Prometheus Operator monitoring and alerts, or a KServe InferenceService.
package k8s
