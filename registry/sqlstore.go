package registry

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// sqlStore is the Store for both SQLite and PostgreSQL: the queries are
// portable, and the database adapter and dialect cover the differences.
type sqlStore struct {
	db database
}

var _ Store = (*sqlStore)(nil)

// openStore migrates db and wraps it as a Store; it closes db on failure.
func openStore(ctx context.Context, db database, d dialect) (*sqlStore, error) {
	if err := migrate(ctx, db, d); err != nil {
		db.close()
		return nil, fmt.Errorf("%s registry: %w", d.name, err)
	}
	return &sqlStore{db: db}, nil
}

func (s *sqlStore) Close() error { return s.db.close() }

func (s *sqlStore) Push(ctx context.Context, req PushRequest) (Version, error) {
	if err := checkPush(req); err != nil {
		return Version{}, err
	}
	tags, err := json.Marshal(req.Tags)
	if err != nil {
		return Version{}, err
	}
	now := time.Now().UTC()
	v := Version{
		Model: req.Model, Digest: req.Digest, Size: req.Size, Format: req.Format,
		Framework: req.Framework, FrameworkVersion: req.FrameworkVersion, Tags: req.Tags,
		Validated: req.Validated, Examples: req.Examples, Created: now, Actor: req.Actor,
	}
	err = s.db.inTx(ctx, func(tx querier) error {
		if err := tx.exec(ctx, `INSERT INTO models (name, latest, created) VALUES ($1, 0, $2)
			ON CONFLICT (name) DO NOTHING`, req.Model, now.UnixNano()); err != nil {
			return err
		}
		if err := tx.queryRow(ctx, `UPDATE models SET latest = latest + 1 WHERE name = $1
			RETURNING latest`, req.Model).Scan(&v.Version); err != nil {
			return err
		}
		if err := tx.exec(ctx, `INSERT INTO versions (model, version, digest, size, format,
			framework, framework_version, tags, validated, examples, created, actor)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
			v.Model, v.Version, v.Digest, v.Size, v.Format, v.Framework, v.FrameworkVersion,
			string(tags), v.Validated, v.Examples, now.UnixNano(), v.Actor); err != nil {
			return err
		}
		if err := addEvent(ctx, tx, Event{Time: now, Actor: req.Actor, Action: ActionPush,
			Model: v.Model, Version: v.Version, Detail: v.Digest}); err != nil {
			return err
		}
		if req.Alias == "" {
			return nil
		}
		return setAlias(ctx, tx, now, v.Model, req.Alias, v.Version, req.Actor)
	})
	if err != nil {
		return Version{}, fmt.Errorf("push %s: %w", req.Model, err)
	}
	return v, nil
}

func checkPush(req PushRequest) error {
	if err := checkModel(req.Model); err != nil {
		return err
	}
	if !strings.HasPrefix(req.Digest, "sha256:") || req.Actor == "" {
		return fmt.Errorf("%w: push %s needs a sha256 digest and an actor", ErrInvalid, req.Model)
	}
	if err := checkTags(req.Tags); err != nil {
		return err
	}
	if req.Alias != "" {
		if err := checkAlias(req.Alias); err != nil {
			return err
		}
		if !req.Validated {
			return fmt.Errorf("alias %s: %w", req.Alias, ErrNotValidated)
		}
	}
	return nil
}

func (s *sqlStore) SetAlias(ctx context.Context, model, alias string, version int, actor string) error {
	if err := checkModel(model); err != nil {
		return err
	}
	if err := checkAlias(alias); err != nil {
		return err
	}
	if actor == "" {
		return fmt.Errorf("%w: alias %s needs an actor", ErrInvalid, alias)
	}
	err := s.db.inTx(ctx, func(tx querier) error {
		return setAlias(ctx, tx, time.Now().UTC(), model, alias, version, actor)
	})
	if err != nil {
		return fmt.Errorf("alias %s@%s -> %d: %w", model, alias, version, err)
	}
	return nil
}

// setAlias moves alias to a validated version and records the move.
func setAlias(ctx context.Context, tx querier, now time.Time, model, alias string, version int, actor string) error {
	var validated bool
	err := tx.queryRow(ctx, `SELECT validated FROM versions WHERE model = $1 AND version = $2`,
		model, version).Scan(&validated)
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("%w: version %d of %s", ErrNotFound, version, model)
	}
	if err != nil {
		return err
	}
	if !validated {
		return ErrNotValidated
	}
	var detail string
	var prev int
	switch err := tx.queryRow(ctx, `SELECT version FROM aliases WHERE model = $1 AND alias = $2`,
		model, alias).Scan(&prev); {
	case err == nil:
		detail = "from " + strconv.Itoa(prev)
	case !errors.Is(err, sql.ErrNoRows):
		return err
	}
	if err := tx.exec(ctx, `INSERT INTO aliases (model, alias, version, updated, actor)
		VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (model, alias) DO UPDATE SET version = excluded.version,
			updated = excluded.updated, actor = excluded.actor`,
		model, alias, version, now.UnixNano(), actor); err != nil {
		return err
	}
	return addEvent(ctx, tx, Event{Time: now, Actor: actor, Action: ActionAlias,
		Model: model, Version: version, Alias: alias, Detail: detail})
}

func addEvent(ctx context.Context, tx querier, e Event) error {
	return tx.exec(ctx, `INSERT INTO events (time, actor, action, model, version, alias, detail)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`,
		e.Time.UnixNano(), e.Actor, e.Action, e.Model, e.Version, e.Alias, e.Detail)
}
