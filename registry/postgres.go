package registry

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
)

// OpenPostgres opens (migrating if needed) the registry in the PostgreSQL
// database dsn names, e.g. "postgres://user@host/db". A search_path
// parameter in the DSN selects the schema; pool_max_conns and the other
// pgxpool parameters size the connection pool. The Store it returns is also
// a Watcher.
func OpenPostgres(ctx context.Context, dsn string) (Store, error) {
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("postgres registry: %w", err)
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("postgres registry: %w", err)
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("postgres registry: %w", err)
	}
	db := &pgDB{pgQuerier{pool}, pool}
	s, err := openStore(ctx, db, postgresDialect)
	if err != nil {
		return nil, err
	}
	return &pgStore{sqlStore: s, pool: pool}, nil
}

// NotifyChannel is the PostgreSQL channel a registry notifies after every
// change, so a watcher can LISTEN instead of only polling Store.Log.
const NotifyChannel = "slipway_registry"

// pgWriteLock serialises write transactions (see database.inTx). It is an
// advisory lock rather than a table lock so it also covers the first
// migration, before any table exists.
const pgWriteLock = "SELECT pg_advisory_xact_lock(7250137)"

// pgDB runs every call on a connection from pgx's pool.
type pgDB struct {
	pgQuerier
	pool *pgxpool.Pool
}

func (d *pgDB) close() error {
	d.pool.Close()
	return nil
}

func (d *pgDB) inTx(ctx context.Context, fn func(querier) error) error {
	return pgx.BeginFunc(ctx, d.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, pgWriteLock); err != nil {
			return fmt.Errorf("lock: %w", err)
		}
		if err := fn(pgQuerier{tx}); err != nil {
			return err
		}
		// Delivered on commit, so a listener never hears of a change
		// it cannot read yet.
		_, err := tx.Exec(ctx, "SELECT pg_notify($1, '')", NotifyChannel)
		return err
	})
}

// pgQuerier adapts a pgx connection or transaction.
type pgQuerier struct {
	c interface {
		Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
		QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
		Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	}
}

func (q pgQuerier) exec(ctx context.Context, query string, args ...any) error {
	_, err := q.c.Exec(ctx, query, args...)
	return err
}

func (q pgQuerier) queryRow(ctx context.Context, query string, args ...any) scanner {
	row := q.c.QueryRow(ctx, query, args...)
	return deferredRow(func(dest ...any) error { return noRows(row.Scan(dest...)) })
}

func (q pgQuerier) query(ctx context.Context, query string, args []any, fn func(scanner) error) error {
	rows, err := q.c.Query(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// deferredRow runs its query when scanned, as *sql.Row does.
type deferredRow func(dest ...any) error

func (r deferredRow) Scan(dest ...any) error { return r(dest...) }

// noRows gives pgx's "no rows" the database/sql name the store checks for.
func noRows(err error) error {
	if errors.Is(err, pgx.ErrNoRows) {
		return sql.ErrNoRows
	}
	return err
}
