package image_test

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/google/go-containerregistry/pkg/name"
	"github.com/google/go-containerregistry/pkg/v1/layout"
	"github.com/google/go-containerregistry/pkg/v1/tarball"

	"github.com/slipwayml/slipway/ship/image"
	"github.com/slipwayml/slipway/ship/image/imagetest"
)

func writeFile(t *testing.T, r image.Result, format image.Format, tag string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "image.tar")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := image.Write(f, r, format, tag); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestWriteOCI reads the archive back as an OCI layout with
// go-containerregistry, and with skopeo and umoci when installed.
func TestWriteOCI(t *testing.T) { testWriteOCI(t, build(t, image.Options{})) }

func testWriteOCI(t *testing.T, res image.Result) {
	archive := writeFile(t, res, image.OCI, "v1")
	dir := t.TempDir()
	imagetest.Untar(t, archive, dir)
	idx, err := layout.ImageIndexFromPath(dir)
	if err != nil {
		t.Fatal(err)
	}
	im, err := idx.IndexManifest()
	if err != nil {
		t.Fatal(err)
	}
	if len(im.Manifests) != 1 || im.Manifests[0].Digest != digest(t, res) {
		t.Fatalf("index.json = %+v, want the image %s", im.Manifests, digest(t, res))
	}
	if got := im.Manifests[0].Annotations["org.opencontainers.image.ref.name"]; got != "v1" {
		t.Errorf("ref name annotation = %q, want v1", got)
	}
	skopeoInspect(t, archive, res)
	umociUnpack(t, dir, res)
}

func TestWriteDocker(t *testing.T) {
	res := build(t, image.Options{Format: image.Docker})
	archive := writeFile(t, res, image.Docker, "slipway/iris:v1")
	tag, err := name.NewTag("slipway/iris:v1")
	if err != nil {
		t.Fatal(err)
	}
	img, err := tarball.ImageFromPath(archive, &tag)
	if err != nil {
		t.Fatal(err)
	}
	got, err := img.Digest()
	if err != nil {
		t.Fatal(err)
	}
	if want := digest(t, res); got != want {
		t.Errorf("docker archive holds %s, built %s", got, want)
	}
}

func skopeoInspect(t *testing.T, archive string, res image.Result) {
	bin, err := exec.LookPath("skopeo")
	if err != nil {
		t.Log("skopeo not installed: skipped")
		return
	}
	out, err := exec.Command(bin, "inspect", "--raw", "oci-archive:"+archive).Output()
	if err != nil {
		t.Fatalf("skopeo inspect: %v", err)
	}
	var m struct{ MediaType string }
	if err := json.Unmarshal(out, &m); err != nil {
		t.Fatal(err)
	}
	want := "application/vnd.oci.image.manifest.v1+json"
	if res.Index != nil {
		want = "application/vnd.oci.image.index.v1+json"
	}
	if m.MediaType != want {
		t.Errorf("skopeo read a %s, want %s", m.MediaType, want)
	}
}

// umociUnpack unpacks the layout's image for this machine with umoci and
// serves the model from the bundle's root file system.
func umociUnpack(t *testing.T, dir string, res image.Result) {
	bin, err := exec.LookPath("umoci")
	if err != nil {
		t.Log("umoci not installed: skipped")
		return
	}
	if res.Index != nil {
		t.Log("umoci unpacks images, not indexes: skipped")
		return
	}
	runnable(t)
	bundle := filepath.Join(t.TempDir(), "bundle")
	out, err := exec.Command(bin, "unpack", "--rootless", "--image", dir+":v1", bundle).CombinedOutput()
	if err != nil {
		t.Fatalf("umoci unpack: %v\n%s", err, out)
	}
	serveUnpacked(t, res.Image, filepath.Join(bundle, "rootfs"))
}
