package k8s

import (
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/utils/ptr"

	"github.com/slipwayml/slipway/ship/image"
)

// Shutdown timing: the pod keeps serving for preStopSeconds while it is
// removed from the Service's endpoints, then `slipway serve` lets requests
// in flight finish for its shutdown grace (30s by default).
const (
	preStopSeconds     = 5
	terminationSeconds = 45
)

// The V2 health routes `slipway serve` answers.
const (
	livePath  = "/v2/health/live"
	readyPath = "/v2/health/ready"
)

func (o Options) meta() metav1.ObjectMeta {
	return metav1.ObjectMeta{Name: o.Name, Namespace: o.Namespace, Labels: o.labels()}
}

// servingMeta is the metadata of the object that runs the model, with its
// digest.
func (o Options) servingMeta() metav1.ObjectMeta {
	m := o.meta()
	if o.Digest != "" {
		m.Annotations = map[string]string{"ml.slipway/model-digest": o.Digest}
	}
	return m
}

// labels are on every object; selector is the subset pods are selected by.
func (o Options) labels() map[string]string {
	l := o.selector()
	l["app.kubernetes.io/managed-by"] = "slipway"
	l["ml.slipway/model"] = o.Model
	if o.Version != "" {
		l["app.kubernetes.io/version"] = o.Version
	}
	return l
}

func (o Options) selector() map[string]string {
	return map[string]string{"app.kubernetes.io/name": "slipway", "app.kubernetes.io/instance": o.Name}
}

func (o Options) deployment() *appsv1.Deployment {
	d := &appsv1.Deployment{
		TypeMeta:   metav1.TypeMeta{APIVersion: "apps/v1", Kind: "Deployment"},
		ObjectMeta: o.servingMeta(),
		Spec: appsv1.DeploymentSpec{
			Selector: &metav1.LabelSelector{MatchLabels: o.selector()},
			Strategy: appsv1.DeploymentStrategy{
				Type: appsv1.RollingUpdateDeploymentStrategyType,
				RollingUpdate: &appsv1.RollingUpdateDeployment{
					MaxUnavailable: ptr.To(intstr.FromInt32(0)),
					MaxSurge:       ptr.To(intstr.FromInt32(1)),
				},
			},
			Template: corev1.PodTemplateSpec{
				ObjectMeta: metav1.ObjectMeta{
					Labels: o.labels(),
					Annotations: map[string]string{
						"prometheus.io/scrape": "true",
						"prometheus.io/port":   "8080",
						"prometheus.io/path":   "/metrics",
					},
				},
				Spec: o.podSpec(),
			},
		},
	}
	// With an autoscaler the replica count is its to set: a fixed one here
	// would be reset on every apply.
	if o.HPA == nil {
		d.Spec.Replicas = ptr.To(o.replicas())
	}
	return d
}

func (o Options) podSpec() corev1.PodSpec {
	return corev1.PodSpec{
		AutomountServiceAccountToken:  ptr.To(false),
		TerminationGracePeriodSeconds: ptr.To(int64(terminationSeconds)),
		SecurityContext: &corev1.PodSecurityContext{
			RunAsNonRoot:   ptr.To(true),
			RunAsUser:      ptr.To(int64(65532)),
			RunAsGroup:     ptr.To(int64(65532)),
			SeccompProfile: &corev1.SeccompProfile{Type: corev1.SeccompProfileTypeRuntimeDefault},
		},
		Containers: []corev1.Container{o.container("slipway")},
	}
}

func (o Options) container(name string) corev1.Container {
	probe := func(path string, period int32) *corev1.Probe {
		return &corev1.Probe{
			ProbeHandler:  corev1.ProbeHandler{HTTPGet: &corev1.HTTPGetAction{Path: path, Port: intstr.FromString("http")}},
			PeriodSeconds: period, FailureThreshold: 3,
		}
	}
	return corev1.Container{
		Name:  name,
		Image: o.Image,
		Ports: []corev1.ContainerPort{{Name: "http", ContainerPort: image.Port, Protocol: corev1.ProtocolTCP}},
		Resources: corev1.ResourceRequirements{
			Requests: corev1.ResourceList{
				corev1.ResourceCPU:    resource.MustParse(o.CPU),
				corev1.ResourceMemory: resource.MustParse(o.Memory),
			},
			Limits: corev1.ResourceList{corev1.ResourceMemory: resource.MustParse(o.Memory)},
		},
		LivenessProbe:  probe(livePath, 10),
		ReadinessProbe: probe(readyPath, 5),
		Lifecycle: &corev1.Lifecycle{
			PreStop: &corev1.LifecycleHandler{Sleep: &corev1.SleepAction{Seconds: preStopSeconds}},
		},
		SecurityContext: &corev1.SecurityContext{
			AllowPrivilegeEscalation: ptr.To(false),
			ReadOnlyRootFilesystem:   ptr.To(true),
			RunAsNonRoot:             ptr.To(true),
			Capabilities:             &corev1.Capabilities{Drop: []corev1.Capability{"ALL"}},
		},
	}
}

func (o Options) service() *corev1.Service {
	return &corev1.Service{
		TypeMeta:   metav1.TypeMeta{APIVersion: "v1", Kind: "Service"},
		ObjectMeta: o.meta(),
		Spec: corev1.ServiceSpec{
			Selector: o.selector(),
			Ports: []corev1.ServicePort{{
				Name: "http", Port: 80, TargetPort: intstr.FromString("http"), Protocol: corev1.ProtocolTCP,
			}},
		},
	}
}
