//go:build apiserver

package k8s_test

// This suite server-side applies every golden manifest to a real
// kube-apiserver backed by etcd. scripts/ci/apiserver.sh builds them and
// prints the folder to put in KUBEBUILDER_ASSETS (the variable
// controller-runtime's envtest reads; the servers are started here the way
// envtest does, without its dependencies).

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"sigs.k8s.io/yaml"
)

const token = "slipway-test-token"

// resources maps the kinds slipway k8s writes to their API paths.
var resources = map[string]string{
	"CustomResourceDefinition": "customresourcedefinitions",
	"Namespace":                "namespaces",
	"Service":                  "services",
	"Deployment":               "deployments",
	"HorizontalPodAutoscaler":  "horizontalpodautoscalers",
	"PodDisruptionBudget":      "poddisruptionbudgets",
	"ServiceMonitor":           "servicemonitors",
	"PrometheusRule":           "prometheusrules",
	"InferenceService":         "inferenceservices",
}

func TestServerSideApply(t *testing.T) {
	assets := os.Getenv("KUBEBUILDER_ASSETS")
	if assets == "" {
		t.Skip("KUBEBUILDER_ASSETS unset: run scripts/ci/apiserver.sh")
	}
	api := startAPIServer(t, assets)

	crds, _ := filepath.Glob(filepath.Join(goldenDir, "crds", "*.yaml"))
	for _, f := range crds {
		applyFile(t, api, f)
	}
	for _, kind := range []string{"servicemonitors.monitoring.coreos.com/v1", "prometheusrules.monitoring.coreos.com/v1", "inferenceservices.serving.kserve.io/v1beta1"} {
		plural, rest, _ := strings.Cut(kind, ".")
		group, version, _ := strings.Cut(rest, "/")
		waitFor(t, api, "/apis/"+group+"/"+version, `"name":"`+plural+`"`)
	}
	for _, ns := range []string{"ml", "models", "kserve-test"} {
		apply(t, api, []byte("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: "+ns+"\n"))
	}
	files, _ := filepath.Glob(filepath.Join(goldenDir, "*.yaml"))
	if len(files) < len(golden) {
		t.Fatalf("found %d golden files, want at least %d", len(files), len(golden))
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) { applyFile(t, api, f) })
	}

	// The server does check: a misplaced field and a bad CRD value fail.
	for _, bad := range []string{
		"apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: bad\nspec:\n  replica: 2\n",
		"apiVersion: serving.kserve.io/v1beta1\nkind: InferenceService\nmetadata:\n  name: bad\nspec:\n  predictor:\n    scaleMetric: vibes\n",
	} {
		if status, _ := tryApply(t, api, []byte(bad)); status < 400 {
			t.Errorf("the server accepted an invalid object (HTTP %d):\n%s", status, bad)
		}
	}
}

// applyFile server-side applies every document of a YAML stream.
func applyFile(t *testing.T, api *apiClient, path string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, doc := range bytes.Split(b, []byte("\n---\n")) {
		apply(t, api, doc)
	}
}

// apply server-side applies one object and fails the test if the server
// refuses it.
func apply(t *testing.T, api *apiClient, doc []byte) {
	t.Helper()
	if status, body := tryApply(t, api, doc); status != http.StatusOK && status != http.StatusCreated {
		t.Errorf("apply: HTTP %d: %s\n%s", status, body, doc)
	}
}

// tryApply server-side applies one object with strict field validation, so
// that a misspelt or misplaced field fails rather than being dropped.
func tryApply(t *testing.T, api *apiClient, doc []byte) (int, string) {
	t.Helper()
	var obj struct {
		APIVersion string `json:"apiVersion"`
		Kind       string
		Metadata   struct{ Name, Namespace string }
	}
	if err := yaml.Unmarshal(doc, &obj); err != nil {
		t.Fatal(err)
	}
	plural, ok := resources[obj.Kind]
	if !ok {
		t.Fatalf("no API path known for kind %s", obj.Kind)
	}
	path := "/apis/" + obj.APIVersion
	if !strings.Contains(obj.APIVersion, "/") {
		path = "/api/" + obj.APIVersion
	}
	if obj.Kind != "Namespace" && obj.Kind != "CustomResourceDefinition" {
		ns := obj.Metadata.Namespace
		if ns == "" {
			ns = "default"
		}
		path += "/namespaces/" + ns
	}
	path += "/" + plural + "/" + obj.Metadata.Name + "?fieldManager=slipway&force=true&fieldValidation=Strict"
	return api.do(t, http.MethodPatch, path, "application/apply-patch+yaml", doc)
}

type apiClient struct {
	url    string
	client *http.Client
}

func (a *apiClient) do(t *testing.T, method, path, contentType string, body []byte) (int, string) {
	t.Helper()
	req, err := http.NewRequest(method, a.url+path, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := a.client.Do(req)
	if err != nil {
		return 0, err.Error()
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// waitFor polls path until its body contains want.
func waitFor(t *testing.T, api *apiClient, path, want string) {
	t.Helper()
	var body string
	for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline); time.Sleep(200 * time.Millisecond) {
		var status int
		if status, body = api.do(t, http.MethodGet, path, "", nil); status == http.StatusOK && strings.Contains(body, want) {
			return
		}
	}
	t.Fatalf("GET %s never held %s; last: %s", path, want, body)
}

// startAPIServer starts etcd and kube-apiserver from assets, with a static
// admin token, and returns a client once the server is ready.
func startAPIServer(t *testing.T, assets string) *apiClient {
	t.Helper()
	dir := t.TempDir()
	etcdURL := "http://" + freePort(t)
	start(t, filepath.Join(assets, "etcd"), "--data-dir", filepath.Join(dir, "etcd"),
		"--listen-client-urls", etcdURL, "--advertise-client-urls", etcdURL,
		"--listen-peer-urls", "http://"+freePort(t))

	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	keyPEM := pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(key)})
	write(t, filepath.Join(dir, "sa.key"), keyPEM)
	write(t, filepath.Join(dir, "tokens.csv"), []byte(token+",admin,admin,system:masters\n"))
	addr := freePort(t)
	_, port, _ := net.SplitHostPort(addr)
	start(t, filepath.Join(assets, "kube-apiserver"),
		"--etcd-servers", etcdURL,
		"--bind-address", "127.0.0.1", "--advertise-address", "127.0.0.1", "--secure-port", port,
		"--cert-dir", filepath.Join(dir, "certs"),
		"--token-auth-file", filepath.Join(dir, "tokens.csv"),
		"--authorization-mode", "RBAC",
		"--service-account-issuer", "https://kubernetes.default.svc",
		"--service-account-key-file", filepath.Join(dir, "sa.key"),
		"--service-account-signing-key-file", filepath.Join(dir, "sa.key"),
		"--service-cluster-ip-range", "10.0.0.0/24",
		"--endpoint-reconciler-type", "none", // a loopback address cannot be the kubernetes Service's endpoint
		"--disable-admission-plugins", "ServiceAccount")
	api := &apiClient{url: "https://" + addr, client: &http.Client{
		Timeout:   30 * time.Second,
		Transport: &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}}, // the server's own self-signed certificate
	}}
	waitFor(t, api, "/readyz", "ok")
	return api
}

func start(t *testing.T, bin string, args ...string) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	cmd := exec.CommandContext(ctx, bin, args...)
	var logs bytes.Buffer
	cmd.Stdout, cmd.Stderr = &logs, &logs
	if err := cmd.Start(); err != nil {
		cancel()
		t.Fatalf("start %s: %v", bin, err)
	}
	t.Cleanup(func() {
		cancel()
		cmd.Wait()
		if t.Failed() {
			t.Logf("%s output (last 4 kB):\n%s", filepath.Base(bin), tail(logs.Bytes(), 4096))
		}
	})
}

func tail(b []byte, n int) []byte {
	if len(b) > n {
		return b[len(b)-n:]
	}
	return b
}

func freePort(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

func write(t *testing.T, path string, b []byte) {
	t.Helper()
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
}
