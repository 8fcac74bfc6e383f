// Package registry versions bundles: models, monotonic version numbers,
// aliases, tags and an append-only audit log, with metadata in SQLite or
// PostgreSQL and bundle bytes in a content-addressed blob store.
package registry
