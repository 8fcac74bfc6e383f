package registry

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"
)

func (s *sqlStore) Models(ctx context.Context) ([]Model, error) {
	aliases := map[string]map[string]int{}
	err := s.db.query(ctx, `SELECT model, alias, version FROM aliases`, nil, func(r scanner) error {
		var model, alias string
		var v int
		if err := r.Scan(&model, &alias, &v); err != nil {
			return err
		}
		if aliases[model] == nil {
			aliases[model] = map[string]int{}
		}
		aliases[model][alias] = v
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("list models: %w", err)
	}
	var models []Model
	err = s.db.query(ctx, `SELECT name, latest, created FROM models ORDER BY name`, nil, func(r scanner) error {
		var m Model
		var created int64
		if err := r.Scan(&m.Name, &m.Latest, &created); err != nil {
			return err
		}
		m.Created, m.Aliases = fromNanos(created), aliases[m.Name]
		models = append(models, m)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("list models: %w", err)
	}
	return models, nil
}

const versionColumns = `model, version, digest, size, format, framework, framework_version,
	tags, validated, examples, created, actor`

func scanVersion(r scanner) (Version, error) {
	var v Version
	var tags string
	var created int64
	err := r.Scan(&v.Model, &v.Version, &v.Digest, &v.Size, &v.Format, &v.Framework,
		&v.FrameworkVersion, &tags, &v.Validated, &v.Examples, &created, &v.Actor)
	if err != nil {
		return Version{}, err
	}
	v.Created = fromNanos(created)
	return v, json.Unmarshal([]byte(tags), &v.Tags)
}

func (s *sqlStore) Versions(ctx context.Context, model string) ([]Version, error) {
	if err := s.exists(ctx, model); err != nil {
		return nil, err
	}
	var vs []Version
	err := s.db.query(ctx, `SELECT `+versionColumns+` FROM versions WHERE model = $1 ORDER BY version`,
		[]any{model}, func(r scanner) error {
			v, err := scanVersion(r)
			vs = append(vs, v)
			return err
		})
	if err != nil {
		return nil, fmt.Errorf("versions of %s: %w", model, err)
	}
	return vs, nil
}

func (s *sqlStore) Resolve(ctx context.Context, model, ref string) (Version, error) {
	if err := checkModel(model); err != nil {
		return Version{}, err
	}
	var row scanner
	if n, err := strconv.Atoi(ref); err == nil {
		row = s.db.queryRow(ctx, `SELECT `+versionColumns+` FROM versions
			WHERE model = $1 AND version = $2`, model, n)
	} else if ref == Latest {
		row = s.db.queryRow(ctx, `SELECT `+versionColumns+` FROM versions
			WHERE model = $1 ORDER BY version DESC LIMIT 1`, model)
	} else if err := checkAlias(ref); err != nil {
		return Version{}, err
	} else {
		row = s.db.queryRow(ctx, `SELECT `+versionColumns+` FROM versions
			WHERE model = $1 AND version = (SELECT version FROM aliases WHERE model = $1 AND alias = $2)`,
			model, ref)
	}
	v, err := scanVersion(row)
	if errors.Is(err, sql.ErrNoRows) {
		return Version{}, fmt.Errorf("%w: %s@%s", ErrNotFound, model, ref)
	}
	if err != nil {
		return Version{}, fmt.Errorf("resolve %s@%s: %w", model, ref, err)
	}
	return v, nil
}

func (s *sqlStore) Aliases(ctx context.Context, model string) ([]Alias, error) {
	if err := s.exists(ctx, model); err != nil {
		return nil, err
	}
	var as []Alias
	err := s.db.query(ctx, `SELECT model, alias, version, updated, actor FROM aliases
		WHERE model = $1 ORDER BY alias`, []any{model}, func(r scanner) error {
		var a Alias
		var updated int64
		err := r.Scan(&a.Model, &a.Alias, &a.Version, &updated, &a.Actor)
		a.Updated = fromNanos(updated)
		as = append(as, a)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("aliases of %s: %w", model, err)
	}
	return as, nil
}

func (s *sqlStore) Log(ctx context.Context, q LogQuery) ([]Event, error) {
	query := `SELECT id, time, actor, action, model, version, alias, detail FROM events
		WHERE ($1 = '' OR model = $1) AND id > $2 ORDER BY id`
	args := []any{q.Model, q.After}
	if q.Limit > 0 {
		query += ` LIMIT $3`
		args = append(args, q.Limit)
	}
	var es []Event
	err := s.db.query(ctx, query, args, func(r scanner) error {
		var e Event
		var t int64
		err := r.Scan(&e.ID, &t, &e.Actor, &e.Action, &e.Model, &e.Version, &e.Alias, &e.Detail)
		e.Time = fromNanos(t)
		es = append(es, e)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("audit log: %w", err)
	}
	return es, nil
}

func (s *sqlStore) Digests(ctx context.Context) ([]string, error) {
	var ds []string
	err := s.db.query(ctx, `SELECT DISTINCT digest FROM versions ORDER BY digest`, nil, func(r scanner) error {
		var d string
		err := r.Scan(&d)
		ds = append(ds, d)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("list digests: %w", err)
	}
	return ds, nil
}

// exists returns ErrNotFound for an unknown model.
func (s *sqlStore) exists(ctx context.Context, model string) error {
	if err := checkModel(model); err != nil {
		return err
	}
	var one int
	err := s.db.queryRow(ctx, `SELECT 1 FROM models WHERE name = $1`, model).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("%w: model %s", ErrNotFound, model)
	}
	return err
}

func fromNanos(n int64) time.Time { return time.Unix(0, n).UTC() }
