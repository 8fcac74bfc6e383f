package image_test

import (
	"context"
	"encoding/json"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/slipwayml/slipway/ship/image"
)

func writeDockerContext(t *testing.T) (*image.Model, string) {
	t.Helper()
	m := openExample(t)
	dir := filepath.Join(t.TempDir(), "ctx")
	if err := image.WriteDockerContext(context.Background(), dir, m, compiler); err != nil {
		t.Fatal(err)
	}
	return m, dir
}

// TestDockerContext checks that the Dockerfile's final stage gives the
// image Build makes: the same config and the same model files.
// TestDockerContextSource (tag slowbuild) compiles its source.
func TestDockerContext(t *testing.T) {
	m, dir := writeDockerContext(t)
	df := string(readFile(t, filepath.Join(dir, "Dockerfile")))
	res := build(t, image.Options{})
	cf, err := res.Image.ConfigFile()
	if err != nil {
		t.Fatal(err)
	}
	entry, _ := json.Marshal(cf.Config.Entrypoint)
	want := []string{
		"FROM scratch",
		"COPY --from=build /out/slipway /slipway",
		"COPY models/ /models/",
		"USER " + cf.Config.User,
		"EXPOSE 8080/tcp",
		"ENTRYPOINT " + string(entry),
	}
	for k, v := range cf.Config.Labels {
		want = append(want, "LABEL "+quote(k)+"="+quote(v))
	}
	lines := strings.Split(df, "\n")
	for _, w := range want {
		if !slices.Contains(lines, w) {
			t.Errorf("Dockerfile lacks the line %s\n%s", w, df)
		}
	}
	// The context's models/ folder holds the model layer's files.
	if got := readFile(t, filepath.Join(dir, "models", "iris", "iris.pkl")); string(got) != string(readFile(t, filepath.Join(m.Root, "iris.pkl"))) {
		t.Error("models/iris/iris.pkl differs from the model")
	}
	if err := image.WriteDockerContext(context.Background(), dir, m, compiler); err == nil {
		t.Error("WriteDockerContext wrote into a folder that is not empty")
	}
}

func quote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
