-- SPDX-License-Identifier: Apache-2.0
-- Annals PostgreSQL store, schema 1. Flyway runs this once per configured schema
-- (${flyway:defaultSchema}). Design notes live in PostgresEventStore.java.

-- The log. position = (xid8 of the appending transaction << 20) + index in the append, so the
-- order of positions is the order of (transaction id, index) and readers apply the visibility
-- rule "position < pg_snapshot_xmin << 20" (see PostgresEventStore).
create table ${flyway:defaultSchema}.events (
    position        bigint      not null primary key,
    stream_id       text        not null,
    category        text        not null,
    version         bigint      not null,
    event_id        uuid        not null,
    event_type      text        not null,
    schema_version  integer     not null,
    data            jsonb,                 -- the payload as jsonb when it is JSON PostgreSQL accepts
    data_bytes      bytea       not null,  -- the payload's exact bytes; reads return these
    metadata        jsonb       not null,
    created_at      timestamptz not null,
    constraint events_stream_version_key unique (stream_id, version),
    constraint events_event_id_key unique (event_id)
);

create index events_category_position_idx on ${flyway:defaultSchema}.events (category, position);

-- One row per stream. Its row lock serialises appends to one stream; the unique
-- (stream_id, version) key above stays the final judge.
create table ${flyway:defaultSchema}.streams (
    stream_id    text   not null primary key,
    last_version bigint not null
);

-- Command idempotency keys, written in the same transaction as the events they name.
create table ${flyway:defaultSchema}.idempotency_keys (
    key           text        not null primary key,
    stream_id     text        not null,
    first_version bigint      not null,
    last_version  bigint      not null,
    last_position bigint      not null,
    request_hash  text,
    created_at    timestamptz not null
);

create table ${flyway:defaultSchema}.snapshots (
    stream_id            text        not null primary key,
    version              bigint      not null,
    state_schema_version integer     not null,
    state                bytea       not null,
    taken_at             timestamptz not null
);

create table ${flyway:defaultSchema}.checkpoints (
    name       text        not null primary key,
    position   bigint      not null,
    updated_at timestamptz not null default now()
);

-- Events a projection could not handle, sequenced per (projection, stream).
create table ${flyway:defaultSchema}.dead_letters (
    id          bigint generated always as identity primary key,
    projection  text        not null,
    stream_id   text        not null,
    version     bigint      not null,
    position    bigint      not null,
    event_id    uuid        not null,
    reason      text        not null,
    attempts    integer     not null,
    failed_at   timestamptz not null,
    status      text        not null default 'parked',
    constraint dead_letters_event_key unique (projection, event_id)
);

create index dead_letters_stream_idx on ${flyway:defaultSchema}.dead_letters (projection, stream_id, version);

-- Read models of JDBC view stores: one row per (view, key), plus the view's checkpoint and
-- fencing token, committed together.
create table ${flyway:defaultSchema}.view_states (
    view_name      text    not null,
    key            text    not null,
    schema_version integer not null,
    state          bytea   not null,
    state_json     jsonb,
    applied_at     bigint  not null,
    primary key (view_name, key)
);

-- state_schema_version: the StateCodec schema the view's rows were written at; a view store
-- opened with another codec version reads none of them and makes the runner rebuild from START.
create table ${flyway:defaultSchema}.view_checkpoints (
    view_name            text        not null primary key,
    position             bigint      not null,
    fencing_token        bigint      not null,
    state_schema_version integer     not null,
    updated_at           timestamptz not null
);

-- The general append: appends with an idempotency key, and every append whose one-statement
-- form in PostgresEventStore (fastAppendSql: a CTE that advances the stream row under the
-- expectation, then inserts the events) matched no stream row, so that this function says why.
-- One round trip per append. Expected kinds: 0 any, 1 no_stream, 2 stream_exists, 3 exact.
-- Returns status 0 (appended: last version and position) or 1 (expectation not met: the
-- stream's last version, null when it has none). Unique violations propagate to the caller,
-- which checks for an idempotent retry.
create function ${flyway:defaultSchema}.append_events(
    p_stream           text,
    p_category         text,
    p_expected_kind    integer,
    p_expected_version bigint,
    p_event_ids        uuid[],
    p_event_types      text[],
    p_schema_versions  integer[],
    p_is_json          boolean[],
    p_data_bytes       bytea[],
    p_metadata         jsonb[],
    p_created_at       timestamptz,
    p_idempotency_key  text,
    p_request_hash     text,
    out o_status       integer,
    out o_version      bigint,
    out o_position     bigint)
language plpgsql as $$
declare
    v_current bigint;
    v_count   bigint := cardinality(p_event_ids);
    v_first   bigint;
    v_xid     bigint;
begin
    select last_version into v_current
      from ${flyway:defaultSchema}.streams where stream_id = p_stream for update;
    if not found then
        if p_expected_kind >= 2 then
            o_status := 1;
            return;
        end if;
        insert into ${flyway:defaultSchema}.streams (stream_id, last_version) values (p_stream, -1)
            on conflict (stream_id) do nothing;
        if not found then
            -- created by a transaction that committed meanwhile: lock and read its version
            select last_version into v_current
              from ${flyway:defaultSchema}.streams where stream_id = p_stream for update;
        end if;
    end if;

    if not (p_expected_kind = 0
            or (p_expected_kind = 1 and v_current is null)
            or (p_expected_kind = 2 and v_current is not null)
            or (p_expected_kind = 3 and v_current = p_expected_version)) then
        o_status := 1;
        o_version := v_current;
        return;
    end if;

    v_first := coalesce(v_current, -1) + 1;
    v_xid := pg_current_xact_id()::text::bigint;
    if v_xid >= (1::bigint << 43) then
        raise exception 'transaction id % exceeds the position range of this schema', v_xid
            using errcode = '54000';
    end if;

    insert into ${flyway:defaultSchema}.events
        (position, stream_id, category, version, event_id, event_type, schema_version,
         data, data_bytes, metadata, created_at)
    select (v_xid << 20) + e.ord - 1, p_stream, p_category, v_first + e.ord - 1, e.id, e.type, e.sv,
           case when e.is_json then convert_from(e.bytes, 'UTF8')::jsonb end, e.bytes, e.meta, p_created_at
      from unnest(p_event_ids, p_event_types, p_schema_versions, p_is_json, p_data_bytes, p_metadata)
           with ordinality as e(id, type, sv, is_json, bytes, meta, ord);

    update ${flyway:defaultSchema}.streams set last_version = v_first + v_count - 1
     where stream_id = p_stream;

    if p_idempotency_key is not null then
        insert into ${flyway:defaultSchema}.idempotency_keys
            (key, stream_id, first_version, last_version, last_position, request_hash, created_at)
        values (p_idempotency_key, p_stream, v_first, v_first + v_count - 1, (v_xid << 20) + v_count - 1,
                p_request_hash, p_created_at)
        on conflict (key) do nothing;
    end if;

    o_status := 0;
    o_version := v_first + v_count - 1;
    o_position := (v_xid << 20) + v_count - 1;
end
$$;
