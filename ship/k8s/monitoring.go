package k8s

import (
	"fmt"
)

// Alert thresholds. They are starting points: the rules are meant to be
// edited for a model's own objectives.
const (
	errorRatio     = 0.05 // share of requests answered with a 5xx
	p99Seconds     = 0.5  // 99th percentile of the request duration
	alertFor       = "10m"
	scrapeInterval = "30s"
)

// seriesSelector selects this deployment's series: by the scrape job, which
// the ServiceMonitor names for the Service, or under KServe, which scrapes
// its pods itself, by namespace.
func (o Options) seriesSelector() string {
	switch {
	case !o.KServe:
		return fmt.Sprintf(`job=%q, model=%q`, o.Name, o.Model)
	case o.Namespace != "":
		return fmt.Sprintf(`namespace=%q, model=%q`, o.Namespace, o.Model)
	}
	return fmt.Sprintf(`model=%q`, o.Model)
}

// serviceMonitor has the Prometheus Operator scrape the Service's pods.
func (o Options) serviceMonitor() map[string]any {
	return map[string]any{
		"apiVersion": "monitoring.coreos.com/v1",
		"kind":       "ServiceMonitor",
		"metadata":   metadata(o.meta()),
		"spec": map[string]any{
			"selector":  map[string]any{"matchLabels": stringMap(o.selector())},
			"endpoints": []any{map[string]any{"port": "http", "path": "/metrics", "interval": scrapeInterval}},
		},
	}
}

// prometheusRule alerts on the error rate, the p99 latency and saturation
// (requests turned away with a 503 because every prediction slot stayed
// busy past the queue timeout).
func (o Options) prometheusRule() map[string]any {
	sel := o.seriesSelector()
	alert := func(name, expr, summary string) map[string]any {
		return map[string]any{
			"alert":  name,
			"expr":   expr,
			"for":    alertFor,
			"labels": map[string]any{"severity": "warning"},
			"annotations": map[string]any{
				"summary": fmt.Sprintf("%s: %s", o.Model, summary),
			},
		}
	}
	rules := []any{
		alert("SlipwayHighErrorRate",
			fmt.Sprintf(`sum(rate(slipway_requests_total{%s, code=~"5.."}[5m])) / sum(rate(slipway_requests_total{%s}[5m])) > %g`, sel, sel, errorRatio),
			fmt.Sprintf("more than %g%% of requests fail with a server error", errorRatio*100)),
		alert("SlipwayHighLatency",
			fmt.Sprintf(`histogram_quantile(0.99, sum by (le) (rate(slipway_request_duration_seconds_bucket{%s}[5m]))) > %g`, sel, p99Seconds),
			fmt.Sprintf("99th percentile latency above %gs", p99Seconds)),
		alert("SlipwaySaturated",
			fmt.Sprintf(`sum(rate(slipway_requests_total{%s, code="503"}[5m])) > 0`, sel),
			"requests turned away: every prediction slot is busy; add replicas or raise --max-concurrency"),
	}
	return map[string]any{
		"apiVersion": "monitoring.coreos.com/v1",
		"kind":       "PrometheusRule",
		"metadata":   metadata(o.meta()),
		"spec": map[string]any{
			"groups": []any{map[string]any{"name": "slipway-" + o.Name, "rules": rules}},
		},
	}
}
