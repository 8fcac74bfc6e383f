package registry

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// migrations is the schema's history: entry i brings the schema to version
// i+1. Released entries are never edited; changes are appended. {{serial}}
// is the dialect's auto-incrementing key type.
var migrations = [][]string{
	{
		`CREATE TABLE models (
			name    TEXT PRIMARY KEY,
			latest  BIGINT NOT NULL,
			created BIGINT NOT NULL
		)`,
		`CREATE TABLE versions (
			model             TEXT NOT NULL REFERENCES models (name),
			version           BIGINT NOT NULL,
			digest            TEXT NOT NULL,
			size              BIGINT NOT NULL,
			format            TEXT NOT NULL,
			framework         TEXT NOT NULL,
			framework_version TEXT NOT NULL,
			tags              TEXT NOT NULL,
			validated         BOOLEAN NOT NULL,
			examples          BIGINT NOT NULL,
			created           BIGINT NOT NULL,
			actor             TEXT NOT NULL,
			PRIMARY KEY (model, version)
		)`,
		`CREATE TABLE aliases (
			model   TEXT NOT NULL,
			alias   TEXT NOT NULL,
			version BIGINT NOT NULL,
			updated BIGINT NOT NULL,
			actor   TEXT NOT NULL,
			PRIMARY KEY (model, alias),
			FOREIGN KEY (model, version) REFERENCES versions (model, version)
		)`,
		`CREATE TABLE events (
			id      {{serial}},
			time    BIGINT NOT NULL,
			actor   TEXT NOT NULL,
			action  TEXT NOT NULL,
			model   TEXT NOT NULL,
			version BIGINT NOT NULL,
			alias   TEXT NOT NULL,
			detail  TEXT NOT NULL
		)`,
		`CREATE INDEX events_by_model ON events (model, id)`,
	},
	{
		// Only a token's sha256 is kept; the token itself is shown once.
		`CREATE TABLE tokens (
			name    TEXT PRIMARY KEY,
			hash    TEXT NOT NULL UNIQUE,
			scope   TEXT NOT NULL,
			created BIGINT NOT NULL,
			actor   TEXT NOT NULL
		)`,
	},
	{
		// 0 means never: a token without an expiry, not revoked.
		`ALTER TABLE tokens ADD COLUMN expires BIGINT NOT NULL DEFAULT 0`,
		`ALTER TABLE tokens ADD COLUMN revoked BIGINT NOT NULL DEFAULT 0`,
	},
}

// migrate brings the schema up to date in one transaction, so concurrent
// first opens and interrupted upgrades leave it either before or after.
func migrate(ctx context.Context, db database, d dialect) error {
	return db.inTx(ctx, func(tx querier) error {
		if err := tx.exec(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
			version BIGINT PRIMARY KEY,
			applied BIGINT NOT NULL
		)`); err != nil {
			return err
		}
		var have int
		if err := tx.queryRow(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&have); err != nil {
			return err
		}
		if have > len(migrations) {
			return fmt.Errorf("registry schema is version %d, newer than this slipway (%d); upgrade slipway", have, len(migrations))
		}
		for v := have + 1; v <= len(migrations); v++ {
			for _, stmt := range migrations[v-1] {
				if err := tx.exec(ctx, strings.ReplaceAll(stmt, "{{serial}}", d.serial)); err != nil {
					return fmt.Errorf("schema migration %d: %w", v, err)
				}
			}
			if err := tx.exec(ctx, `INSERT INTO schema_migrations (version, applied) VALUES ($1, $2)`,
				v, time.Now().UnixNano()); err != nil {
				return err
			}
		}
		return nil
	})
}
