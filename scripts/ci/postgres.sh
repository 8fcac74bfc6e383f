#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster on loopback for the registry tests and
# prints its DSN on stdout (everything else goes to stderr). CI runs:
#
#	export SLIPWAY_TEST_POSTGRES="$(scripts/ci/postgres.sh)"
#
# Re-running it reuses a cluster that is already up.
set -euo pipefail

dir="${SLIPWAY_PG_DIR:-/tmp/slipway-postgres}"
port="${SLIPWAY_PG_PORT:-54329}"
user=slipway
db=slipway_test

bindir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
if [[ -z "$bindir" ]]; then
	echo "installing postgresql" >&2
	apt-get update -qq >&2
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
	bindir="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
fi

# PostgreSQL refuses to run as root; run it as the postgres account then.
as_owner=()
if [[ "$(id -u)" == 0 ]]; then
	as_owner=(runuser -u postgres --)
fi

mkdir -p "$dir"
if [[ "$(id -u)" == 0 ]]; then
	chown postgres: "$dir"
fi

if [[ ! -f "$dir/PG_VERSION" ]]; then
	"${as_owner[@]}" "$bindir/initdb" -D "$dir" -U "$user" -A trust >&2
fi
if ! "${as_owner[@]}" "$bindir/pg_ctl" -D "$dir" status >/dev/null 2>&1; then
	"${as_owner[@]}" "$bindir/pg_ctl" -D "$dir" -w -l "$dir/server.log" \
		-o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off" start >&2
fi
if ! "$bindir/psql" -h 127.0.0.1 -p "$port" -U "$user" -d postgres -tAc \
	"SELECT 1 FROM pg_database WHERE datname = '$db'" | grep -q 1; then
	"$bindir/createdb" -h 127.0.0.1 -p "$port" -U "$user" "$db" >&2
fi

echo "postgres://$user@127.0.0.1:$port/$db?sslmode=disable"
