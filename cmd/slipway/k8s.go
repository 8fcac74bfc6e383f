package main

import (
	"github.com/spf13/cobra"

	"github.com/slipwayml/slipway/ship/k8s"
)

func newK8s() *cobra.Command {
	var (
		sf       shipFlags
		opts     k8s.Options
		replicas int32
		hpa      string
	)
	cmd := &cobra.Command{
		Use:   "k8s MODEL|NAME@VERSION --image REF [--replicas N] [--cpu Q --memory Q] [--hpa MIN:MAX:CPU%] [--namespace NS] [--kserve]",
		Short: "Print Kubernetes manifests that run a model image",
		Long: `Print, as one YAML stream to apply with kubectl apply -f -, the manifests
that run the image slipway build pushed for the model: a Deployment (V2
health probes, resources, non-root with a read-only root file system,
Prometheus scrape annotations, graceful termination), a Service, a
HorizontalPodAutoscaler with --hpa, a PodDisruptionBudget, and for the
Prometheus Operator a ServiceMonitor and a PrometheusRule alerting on error
rate, p99 latency and saturation. With --kserve, a KServe InferenceService
with the image as a custom predictor replaces the Deployment, Service,
autoscaler, budget and ServiceMonitor.

Options are checked before anything is printed.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if cmd.Flags().Changed("replicas") {
				opts.Replicas = &replicas
			}
			if hpa != "" {
				h, err := k8s.ParseHPA(hpa)
				if err != nil {
					return err
				}
				opts.HPA = h
			}
			m, err := sf.open(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			m.Close()
			opts.Model, opts.Version, opts.Digest = m.Name, m.Version, m.Digest
			objs, err := k8s.Manifests(opts)
			if err != nil {
				return err
			}
			if sf.rf.json {
				return writeJSON(cmd.OutOrStdout(), map[string]any{"apiVersion": "v1", "kind": "List", "items": objs})
			}
			out, err := k8s.YAML(objs)
			if err != nil {
				return err
			}
			_, err = cmd.OutOrStdout().Write(out)
			return err
		},
	}
	sf.register(cmd)
	fl := cmd.Flags()
	fl.StringVar(&opts.Image, "image", "", "image reference, as pushed by slipway build --push (required)")
	fl.Int32Var(&replicas, "replicas", k8s.DefaultReplicas, "replicas, without --hpa")
	fl.StringVar(&opts.CPU, "cpu", k8s.DefaultCPU, "CPU request")
	fl.StringVar(&opts.Memory, "memory", k8s.DefaultMemory, "memory request and limit")
	fl.StringVar(&hpa, "hpa", "", "autoscale: MIN:MAX:CPU%, e.g. 2:10:70%")
	fl.StringVarP(&opts.Namespace, "namespace", "n", "", "namespace (default: kubectl's)")
	fl.BoolVar(&opts.KServe, "kserve", false, "write a KServe InferenceService instead of a Deployment")
	cmd.MarkFlagRequired("image")
	return cmd
}
