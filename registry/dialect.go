package registry

import (
	"context"
	"database/sql"
	"fmt"
)

// dialect is what differs between the SQL databases; the queries are shared.
type dialect struct {
	name string
	// serial is the column definition of an auto-incrementing primary key.
	serial string
	// lock, run first in every write transaction, serialises writers so
	// version numbers and audit event IDs are handed out in commit order
	// (a poller that saw event N never later finds a smaller ID). SQLite
	// needs none: its write transactions already run one at a time.
	lock string
}

var (
	sqliteDialect = dialect{
		name:   "sqlite",
		serial: "INTEGER PRIMARY KEY AUTOINCREMENT",
	}
	postgresDialect = dialect{
		name:   "postgres",
		serial: "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY",
		// An advisory lock rather than a table lock, so it also covers
		// the first migration, before any table exists.
		lock: "SELECT pg_advisory_xact_lock(7250137)",
	}
)

// inTx runs fn in a write transaction and commits it if fn succeeds.
func inTx(ctx context.Context, db *sql.DB, d dialect, fn func(*sql.Tx) error) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("%s: begin: %w", d.name, err)
	}
	defer tx.Rollback() // a no-op after Commit
	if d.lock != "" {
		if _, err := tx.ExecContext(ctx, d.lock); err != nil {
			return fmt.Errorf("%s: lock: %w", d.name, err)
		}
	}
	if err := fn(tx); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("%s: commit: %w", d.name, err)
	}
	return nil
}
