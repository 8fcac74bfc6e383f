package deploy

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/slipwayml/slipway/registry"
)

// All, as a target, deploys every alias of every model.
const All = "*"

// Target is a model alias to follow. Model All with no Alias follows every
// alias of every model.
type Target struct {
	Model, Alias string
}

// ParseTarget reads MODEL@ALIAS, or "*".
func ParseTarget(s string) (Target, error) {
	if s == All {
		return Target{Model: All}, nil
	}
	m, a, ok := strings.Cut(s, "@")
	if !ok || m == "" || a == "" || a == registry.Latest {
		return Target{}, fmt.Errorf("deploy target %q: want MODEL@ALIAS or '*'", s)
	}
	if _, err := strconv.Atoi(a); err == nil {
		return Target{}, fmt.Errorf("deploy target %q: follow an alias, not a fixed version (use --versions to pin versions)", s)
	}
	return Target{Model: m, Alias: a}, nil
}

func (t Target) String() string {
	if t.Model == All {
		return All
	}
	return t.Model + "@" + t.Alias
}

// Policy chooses which versions stay addressable besides those the
// deployed aliases point at, like TF Serving's model_version_policy. The
// zero value serves only the aliases' versions.
type Policy struct {
	// Latest keeps the highest N validated versions.
	Latest int
	// Specific keeps exactly these versions (those that exist).
	Specific []int
}

// ParsePolicy reads "aliases" (or ""), "latest:N" or "specific:V1,V2,...".
func ParsePolicy(s string) (Policy, error) {
	kind, arg, _ := strings.Cut(s, ":")
	bad := fmt.Errorf("version policy %q: want aliases, latest:N or specific:V1,V2,...", s)
	switch kind {
	case "", "aliases":
		if arg != "" {
			return Policy{}, bad
		}
		return Policy{}, nil
	case "latest":
		n, err := strconv.Atoi(arg)
		if err != nil || n < 1 {
			return Policy{}, bad
		}
		return Policy{Latest: n}, nil
	case "specific":
		var p Policy
		for f := range strings.SplitSeq(arg, ",") {
			v, err := strconv.Atoi(f)
			if err != nil || v < 1 {
				return Policy{}, bad
			}
			p.Specific = append(p.Specific, v)
		}
		return p, nil
	}
	return Policy{}, bad
}

// versions returns the versions p keeps out of a model's versions, oldest
// first. Versions that failed the validation gate are never kept.
func (p Policy) versions(all []registry.Version) []registry.Version {
	var valid []registry.Version
	for _, v := range all {
		if v.Validated {
			valid = append(valid, v)
		}
	}
	switch {
	case p.Latest > 0:
		return valid[max(0, len(valid)-p.Latest):]
	case len(p.Specific) > 0:
		var keep []registry.Version
		for _, v := range valid {
			if slices.Contains(p.Specific, v.Version) {
				keep = append(keep, v)
			}
		}
		return keep
	}
	return nil
}
