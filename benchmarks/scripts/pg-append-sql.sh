#!/usr/bin/env bash
# What the PostgreSQL store's append statement costs in SQL alone, without Java: pgbench from
# 8 connections, single-row commits, fsync and synchronous_commit on, three scripts alternated:
#   plain    INSERT of one event row (position from a sequence) -- the bench's raw baseline in SQL
#   xid      the same row, position = pg_current_xact_id() << 20 (the store's gap-free positions)
#   store    the store's fast path: UPDATE of the stream's `streams` row (its lock and last
#            version) and the INSERT with the xid position, in one statement
# The events table has the store's columns and indexes. Needs Debian's PostgreSQL 15 binaries
# (apt-get install postgresql); starts a throwaway cluster on port 55433 in a temporary directory
# and removes it afterwards. Usage: benchmarks/scripts/pg-append-sql.sh [ROUNDS] [SECONDS]
set -euo pipefail
rounds="${1:-2}"; seconds="${2:-12}"
bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
dir="$(mktemp -d /tmp/annals-pg-sql.XXXXXX)"
chown postgres "$dir" 2>/dev/null || true
as_pg() { if [[ "$(id -u)" == 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }
trap 'as_pg "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$dir"' EXIT
as_pg "$bin/initdb" -A trust -U postgres -D "$dir/data" >/dev/null
as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w \
    -o "-p 55433 -c listen_addresses=127.0.0.1 -k $dir -c fsync=on -c synchronous_commit=on" start >/dev/null
psql=(psql -q -X -h 127.0.0.1 -p 55433 -U postgres -d postgres)
"${psql[@]}" <<'SQL'
create sequence pseq;
create table ev (position bigint not null primary key, stream_id text not null, category text not null,
    version bigint not null, event_id uuid not null, event_type text not null, schema_version int not null,
    data jsonb, metadata jsonb not null, created_at timestamptz not null,
    unique (stream_id, version), unique (event_id));
create index on ev (category, position);
create table streams (stream_id text primary key, last_version bigint not null);
insert into streams select 's' || g, -1 from generate_series(0, 63) g;
SQL
data='{"payload":"'"$(head -c 220 /dev/zero | tr '\0' x)"'"}'
cat > "$dir/plain.sql" <<SQL
insert into ev values (nextval('pseq'), 'p' || :client_id, 'c', nextval('pseq'), gen_random_uuid(), 'T', 1, '$data', '{}', now());
SQL
cat > "$dir/xid.sql" <<SQL
insert into ev values (pg_current_xact_id()::text::bigint << 20, 'x' || :client_id, 'c', nextval('pseq'), gen_random_uuid(), 'T', 1, '$data', '{}', now());
SQL
cat > "$dir/store.sql" <<SQL
with s as (update streams set last_version = last_version + 1 where stream_id = 's' || :client_id returning stream_id, last_version)
insert into ev select pg_current_xact_id()::text::bigint << 20, s.stream_id, 'c', s.last_version, gen_random_uuid(), 'T', 1, '$data', '{}', now() from s;
SQL
chmod a+r "$dir"/*.sql
for round in $(seq 1 "$rounds"); do
    line="round $round"
    for script in plain xid store; do
        tps="$(pgbench -n -h 127.0.0.1 -p 55433 -U postgres -c 8 -j 2 -T "$seconds" -f "$dir/$script.sql" postgres 2>&1 \
            | sed -n 's/^tps = \([0-9]*\).*/\1/p')"
        line="$line $script=$tps"
    done
    echo "$line"
done
