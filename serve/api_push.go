package serve

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"

	"github.com/slipwayml/slipway/bundle"
	"github.com/slipwayml/slipway/registry"
)

// apiPush stores the request body, a .slip bundle or a bare model file, as
// the next version of {m}, through the same validation gate as `slipway
// push`. A model file is packaged first, without examples. ?alias=A points
// A at the new version.
func (s *Server) apiPush(x *exchange) error {
	ctx := x.r.Context()
	name := x.r.PathValue("m")
	if len(x.body) == 0 {
		return badRequest(errors.New("empty body: send a .slip bundle or a model file"))
	}
	dir, err := os.MkdirTemp("", "slipway-upload-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	upload := filepath.Join(dir, "upload")
	if err := os.WriteFile(upload, x.body, 0o600); err != nil {
		return err
	}
	path := upload
	if !bundle.IsBundle(upload) {
		if path, err = packageUpload(ctx, upload, name, x.actor); err != nil {
			return err
		}
	}
	v, err := s.reg.Push(ctx, path, registry.PushOptions{Name: name, Alias: x.r.URL.Query().Get("alias"), Actor: x.actor})
	if err != nil {
		return apiError(err)
	}
	return x.sendValue(http.StatusCreated, v)
}

// packageUpload bundles the model file at path next to it. A body that is
// no model a format recognises is the client's fault.
func packageUpload(ctx context.Context, path, name, actor string) (string, error) {
	out := path + ".slip"
	f, err := os.Create(out)
	if err != nil {
		return "", err
	}
	defer f.Close()
	if _, err := bundle.Create(ctx, f, path, bundle.Options{Name: name, Replay: PredictOffline, Creator: actor}); err != nil {
		return "", &httpError{code: http.StatusUnprocessableEntity, err: fmt.Errorf("push %s: not a bundle, and not a model: %w", name, err)}
	}
	return out, f.Close()
}
