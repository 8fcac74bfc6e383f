package runtime

import (
	"fmt"
	"maps"
	"slices"

	"github.com/slipwayml/slipway/model"
)

// State is what one model should serve: its versions, the labels pointing
// at them, and the version that answers requests naming none.
type State struct {
	// Versions maps a version string to its model. A nil model keeps the
	// version already loaded under that string, with its limiter and
	// metrics; a non-nil one replaces it.
	Versions map[string]model.Model
	// Labels maps a label (a TF Serving version label, e.g. an alias like
	// "production") to one of Versions.
	Labels map[string]string
	// Default is one of Versions; "" is the highest.
	Default string
}

// Set replaces what name serves with st in one atomic step: a request sees
// either the old state or the new one, never a mix. An empty st removes the
// model. Versions no longer served are returned retired: requests already
// running on them finish, and Drain reports when the last one has.
func (r *Runtime) Set(name string, st State) (retired []*Version, err error) {
	if name == "" {
		return nil, fmt.Errorf("set model: empty name")
	}
	for label, version := range st.Labels {
		if _, ok := st.Versions[version]; !ok {
			return nil, fmt.Errorf("set model %s: label %s points at version %s, which is not served", name, label, version)
		}
	}
	if _, ok := st.Versions[st.Default]; st.Default != "" && !ok {
		return nil, fmt.Errorf("set model %s: default version %s is not served", name, st.Default)
	}

	r.mu.Lock()
	defer r.mu.Unlock()
	old := r.snap.Load()
	prev := old.models[name]
	for version, m := range st.Versions {
		if _, ok := prev.lookup(version); m == nil && !ok {
			return nil, fmt.Errorf("set model %s: keep version %s: %w", name, version, ErrNotFound)
		}
	}
	var e *entry
	if len(st.Versions) > 0 {
		e = &entry{byName: make(map[string]*Version, len(st.Versions)), labels: maps.Clone(st.Labels)}
		if e.labels == nil {
			e.labels = map[string]string{}
		}
		for version, m := range st.Versions {
			if m == nil {
				e.byName[version], _ = prev.lookup(version)
				continue
			}
			e.byName[version] = r.newVersion(name, version, m)
		}
		e.versions = slices.SortedFunc(maps.Values(e.byName), func(a, b *Version) int {
			return compareVersions(a.version, b.version)
		})
		e.def = e.versions[len(e.versions)-1]
		if st.Default != "" {
			e.def = e.byName[st.Default]
		}
	}
	r.publish(old, name, e)
	if prev == nil {
		return nil, nil
	}
	for _, v := range prev.versions {
		if e == nil || e.byName[v.version] != v {
			v.retire()
			retired = append(retired, v)
		}
	}
	return retired, nil
}

// lookup is byName on a possibly nil entry.
func (e *entry) lookup(version string) (*Version, bool) {
	if e == nil {
		return nil, false
	}
	v, ok := e.byName[version]
	return v, ok
}
