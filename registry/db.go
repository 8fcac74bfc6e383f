package registry

import (
	"context"
	"database/sql"
	"fmt"
)

// database is the little the store needs from a SQL database, so one set of
// portable queries runs on database/sql (SQLite) and on pgx (PostgreSQL).
// A missing row scans as sql.ErrNoRows on both.
type database interface {
	querier
	// inTx runs fn in a write transaction and commits if fn succeeds.
	// Write transactions run one at a time, so version numbers and audit
	// event IDs are handed out in commit order: a poller that saw event N
	// never later finds a smaller ID.
	inTx(ctx context.Context, fn func(querier) error) error
	close() error
}

type querier interface {
	exec(ctx context.Context, query string, args ...any) error
	queryRow(ctx context.Context, query string, args ...any) scanner
	// query calls fn on every row.
	query(ctx context.Context, query string, args []any, fn func(scanner) error) error
}

type scanner interface{ Scan(dest ...any) error }

// sqlDB runs on database/sql. Its driver must serialise write
// transactions itself, as SQLite's immediate transactions do.
type sqlDB struct {
	db *sql.DB
}

func (d sqlDB) close() error { return d.db.Close() }

func (d sqlDB) exec(ctx context.Context, q string, args ...any) error {
	_, err := d.db.ExecContext(ctx, q, args...)
	return err
}

func (d sqlDB) queryRow(ctx context.Context, q string, args ...any) scanner {
	return d.db.QueryRowContext(ctx, q, args...)
}

func (d sqlDB) query(ctx context.Context, q string, args []any, fn func(scanner) error) error {
	rows, err := d.db.QueryContext(ctx, q, args...)
	if err != nil {
		return err
	}
	return eachRow(rows, fn)
}

func (d sqlDB) inTx(ctx context.Context, fn func(querier) error) error {
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer tx.Rollback() // a no-op after Commit
	if err := fn(sqlTx{tx}); err != nil {
		return err
	}
	return tx.Commit()
}

type sqlTx struct{ tx *sql.Tx }

func (t sqlTx) exec(ctx context.Context, q string, args ...any) error {
	_, err := t.tx.ExecContext(ctx, q, args...)
	return err
}

func (t sqlTx) queryRow(ctx context.Context, q string, args ...any) scanner {
	return t.tx.QueryRowContext(ctx, q, args...)
}

func (t sqlTx) query(ctx context.Context, q string, args []any, fn func(scanner) error) error {
	rows, err := t.tx.QueryContext(ctx, q, args...)
	if err != nil {
		return err
	}
	return eachRow(rows, fn)
}

func eachRow(rows *sql.Rows, fn func(scanner) error) error {
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}
