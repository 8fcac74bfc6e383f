package registry

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// OpenPostgres opens (migrating if needed) the registry in the PostgreSQL
// database dsn names, e.g. "postgres://user@host/db". A search_path
// parameter in the DSN selects the schema.
func OpenPostgres(ctx context.Context, dsn string) (Store, error) {
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("postgres registry: %w", err)
	}
	db := &pgDB{cfg: cfg, idle: make(chan *pgx.Conn, pgIdle)}
	if err := db.exec(ctx, "SELECT 1"); err != nil {
		return nil, fmt.Errorf("postgres registry: %w", err)
	}
	return openStore(ctx, db, postgresDialect)
}

// NotifyChannel is the PostgreSQL channel a registry notifies after every
// change, so a watcher can LISTEN instead of only polling Store.Log.
const NotifyChannel = "slipway_registry"

// pgWriteLock serialises write transactions (see database.inTx). It is an
// advisory lock rather than a table lock so it also covers the first
// migration, before any table exists.
const pgWriteLock = "SELECT pg_advisory_xact_lock(7250137)"

// pgIdle is how many connections pgDB keeps open between calls.
const pgIdle = 4

// pgDB runs on pgx connections, one per call, reusing a few idle ones.
// (pgx's pool and database/sql adapter need modules this build does not
// carry.)
type pgDB struct {
	cfg  *pgx.ConnConfig
	idle chan *pgx.Conn
}

func (d *pgDB) conn(ctx context.Context) (*pgx.Conn, error) {
	select {
	case c := <-d.idle:
		if !c.IsClosed() {
			return c, nil
		}
	default:
	}
	return pgx.ConnectConfig(ctx, d.cfg)
}

// release keeps c for the next call unless it broke or enough are idle.
func (d *pgDB) release(c *pgx.Conn) {
	if !c.IsClosed() {
		select {
		case d.idle <- c:
			return
		default:
		}
	}
	c.Close(context.Background())
}

// with runs fn on a connection.
func (d *pgDB) with(ctx context.Context, fn func(*pgx.Conn) error) error {
	c, err := d.conn(ctx)
	if err != nil {
		return err
	}
	defer d.release(c)
	return fn(c)
}

func (d *pgDB) close() error {
	for {
		select {
		case c := <-d.idle:
			c.Close(context.Background())
		default:
			return nil
		}
	}
}

func (d *pgDB) exec(ctx context.Context, q string, args ...any) error {
	return d.with(ctx, func(c *pgx.Conn) error { return pgQuerier{c}.exec(ctx, q, args...) })
}

func (d *pgDB) queryRow(ctx context.Context, q string, args ...any) scanner {
	return deferredRow(func(dest ...any) error {
		return d.with(ctx, func(c *pgx.Conn) error { return pgQuerier{c}.queryRow(ctx, q, args...).Scan(dest...) })
	})
}

func (d *pgDB) query(ctx context.Context, q string, args []any, fn func(scanner) error) error {
	return d.with(ctx, func(c *pgx.Conn) error { return pgQuerier{c}.query(ctx, q, args, fn) })
}

func (d *pgDB) inTx(ctx context.Context, fn func(querier) error) error {
	return d.with(ctx, func(c *pgx.Conn) error {
		return pgx.BeginFunc(ctx, c, func(tx pgx.Tx) error {
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
