package image

import (
	"context"
	"fmt"

	"github.com/google/go-containerregistry/pkg/authn"
	"github.com/google/go-containerregistry/pkg/name"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/remote"
)

// Push uploads r to the registry reference ref (a tag or digest), with the
// credentials of the Docker config (docker login). When updates is not nil
// it receives upload progress and is closed when Push returns, after an update holding
// the error if any.
func Push(ctx context.Context, r Result, ref string, updates chan<- v1.Update) error {
	dst, err := name.ParseReference(ref)
	if err != nil {
		if updates != nil {
			close(updates)
		}
		return fmt.Errorf("push: %w", err)
	}
	opts := []remote.Option{remote.WithContext(ctx), remote.WithAuthFromKeychain(authn.DefaultKeychain)}
	if updates != nil {
		opts = append(opts, remote.WithProgress(updates))
	}
	if err := remote.Push(dst, r.taggable(), opts...); err != nil {
		return fmt.Errorf("push %s: %w", dst, err)
	}
	return nil
}
