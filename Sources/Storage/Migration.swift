/// One versioned schema change; versions are applied in order and recorded in `schema_migrations`.
public struct Migration: Sendable {
    public let version: Int
    public let name: String
    /// Static DDL from this code base.
    let sql: String

    /// Every migration this build knows, oldest first.
    public static let all: [Migration] = [
        Migration(
            version: 1, name: "analytics source tables",
            sql: """
                CREATE TABLE analytics_users (
                  user_id      text PRIMARY KEY,
                  signed_up_at timestamptz NOT NULL,
                  plan         text NOT NULL CHECK (plan IN ('free', 'premium'))
                );
                CREATE TABLE analytics_events (
                  user_id     text NOT NULL,
                  session_id  text NOT NULL,
                  name        text NOT NULL,
                  occurred_at timestamptz NOT NULL,
                  revenue     numeric(12,2) NOT NULL DEFAULT 0,
                  properties  jsonb NOT NULL DEFAULT '{}'
                );
                CREATE TABLE analytics_requests (
                  occurred_at timestamptz NOT NULL,
                  route       text NOT NULL,
                  status      smallint NOT NULL,
                  duration_ms real NOT NULL
                );
                """),
        Migration(
            version: 2, name: "custom dashboards and audit log",
            sql: """
                CREATE TABLE dashboards (
                  id          text PRIMARY KEY CHECK (id ~ '^[0-9a-f]{24}$'),
                  owner_id    text NOT NULL,
                  name        text NOT NULL,
                  description text,
                  widgets     json NOT NULL,
                  is_public   boolean NOT NULL DEFAULT false,
                  version     integer NOT NULL DEFAULT 1 CHECK (version >= 1),
                  created_at  timestamptz NOT NULL,
                  updated_at  timestamptz NOT NULL
                );
                CREATE INDEX dashboards_owner_created ON dashboards (owner_id, created_at, id);
                CREATE INDEX dashboards_public_created ON dashboards (created_at, id) WHERE is_public;
                CREATE TABLE audit_log (
                  id          bigserial PRIMARY KEY,
                  actor       text NOT NULL,
                  action      text NOT NULL,
                  entity_id   text NOT NULL,
                  request_id  text NOT NULL,
                  at          timestamptz NOT NULL
                );
                CREATE INDEX audit_log_entity ON audit_log (entity_id, at);
                """),
        Migration(
            version: 3, name: "time indexes on the analytics source tables",
            sql: """
                CREATE INDEX analytics_events_occurred ON analytics_events (occurred_at);
                CREATE INDEX analytics_events_user_occurred ON analytics_events (user_id, occurred_at);
                CREATE INDEX analytics_requests_occurred ON analytics_requests (occurred_at);
                CREATE INDEX analytics_users_signed_up ON analytics_users (signed_up_at);
                """),
        Migration(
            version: 4, name: "rollups kept current from a change log",
            sql: """
                -- Days whose events changed, written by statement triggers (one row per statement and day, no
                -- contention between writers); day -1 stands for analytics_users. The rollup pass drains it.
                CREATE TABLE analytics_change_log (day int4 NOT NULL);
                CREATE FUNCTION analytics_log_event_days() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  IF TG_OP IN ('INSERT', 'UPDATE') THEN
                    INSERT INTO analytics_change_log (day)
                      SELECT DISTINCT floor(extract(epoch FROM occurred_at) / 86400)::int4 FROM new_rows;
                  END IF;
                  IF TG_OP IN ('UPDATE', 'DELETE') THEN
                    INSERT INTO analytics_change_log (day)
                      SELECT DISTINCT floor(extract(epoch FROM occurred_at) / 86400)::int4 FROM old_rows;
                  END IF;
                  RETURN NULL;
                END $$;
                CREATE FUNCTION analytics_log_every_day() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  INSERT INTO analytics_change_log (day) SELECT day FROM rollup_days WHERE day >= 0;
                  RETURN NULL;
                END $$;
                CREATE FUNCTION analytics_log_users() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  INSERT INTO analytics_change_log (day) VALUES (-1);
                  RETURN NULL;
                END $$;
                CREATE TRIGGER analytics_events_inserted AFTER INSERT ON analytics_events
                  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_log_event_days();
                CREATE TRIGGER analytics_events_updated AFTER UPDATE ON analytics_events
                  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
                  FOR EACH STATEMENT EXECUTE FUNCTION analytics_log_event_days();
                CREATE TRIGGER analytics_events_deleted AFTER DELETE ON analytics_events
                  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_log_event_days();
                CREATE TRIGGER analytics_events_truncated AFTER TRUNCATE ON analytics_events
                  FOR EACH STATEMENT EXECUTE FUNCTION analytics_log_every_day();
                CREATE TRIGGER analytics_users_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON analytics_users
                  FOR EACH STATEMENT EXECUTE FUNCTION analytics_log_users();

                -- The rollups, rebuilt a whole day at a time; rollup_days.version changes whenever a day is rebuilt
                -- (day -1: the users changed), which is how every responder's in-memory model sees what to reload.
                CREATE SEQUENCE rollup_version;
                CREATE TABLE rollup_days (day int4 PRIMARY KEY, version int8 NOT NULL);
                CREATE TABLE rollup_user_hours (
                  day      int4 NOT NULL,
                  hour     int4 NOT NULL,
                  user_id  text NOT NULL,
                  events   int4 NOT NULL,
                  bookings int4 NOT NULL,
                  flags    int2 NOT NULL,
                  revenue  numeric(14,2) NOT NULL
                );
                CREATE INDEX rollup_user_hours_day ON rollup_user_hours (day);
                CREATE TABLE rollup_sessions (
                  day        int4 NOT NULL,
                  session_id text NOT NULL,
                  user_id    text NOT NULL,
                  started_at timestamptz NOT NULL,
                  path       text NOT NULL,
                  exit_page  text
                );
                CREATE INDEX rollup_sessions_day ON rollup_sessions (day);
                CREATE TABLE rollup_features (
                  day      int4 NOT NULL,
                  user_id  text NOT NULL,
                  feature  text NOT NULL,
                  first_at timestamptz NOT NULL
                );
                CREATE INDEX rollup_features_day ON rollup_features (day);
                -- Everything already in the source tables is rolled up by the first pass.
                INSERT INTO analytics_change_log (day)
                  SELECT DISTINCT floor(extract(epoch FROM occurred_at) / 86400)::int4 FROM analytics_events
                  UNION ALL SELECT -1;
                """),
        Migration(
            version: 5, name: "export jobs",
            sql: """
                CREATE TABLE export_jobs (
                  id              text PRIMARY KEY CHECK (id ~ '^[0-9a-f]{24}$'),
                  owner_id        text NOT NULL,
                  idempotency_key text,
                  export_type     text NOT NULL CHECK (export_type IN ('dashboard', 'report', 'dataset')),
                  format          text NOT NULL CHECK (format IN ('csv', 'json', 'xlsx', 'pdf')),
                  dashboard_id    text,
                  dashboard_name  text,
                  widgets         json NOT NULL DEFAULT '[]',
                  range_start     timestamptz NOT NULL,
                  range_end       timestamptz NOT NULL,
                  metrics         text NOT NULL,
                  status          text NOT NULL DEFAULT 'pending'
                                  CHECK (status IN ('pending', 'generating', 'completed', 'failed', 'expired')),
                  progress        int4 NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
                  attempts        int4 NOT NULL DEFAULT 0,
                  worker          text,
                  heartbeat_at    timestamptz,
                  row_count       int4,
                  file_size       int8,
                  checksum        text,
                  file_name       text,
                  failure_reason  text,
                  created_at      timestamptz NOT NULL,
                  started_at      timestamptz,
                  completed_at    timestamptz,
                  expires_at      timestamptz
                );
                CREATE UNIQUE INDEX export_jobs_idempotency ON export_jobs (owner_id, idempotency_key)
                  WHERE idempotency_key IS NOT NULL;
                -- The queue: what workers look at (pending jobs, and generating ones whose worker went quiet).
                CREATE INDEX export_jobs_queue ON export_jobs (created_at) WHERE status IN ('pending', 'generating');
                CREATE INDEX export_jobs_expiry ON export_jobs (expires_at) WHERE status = 'completed';
                """),
        Migration(
            version: 6, name: "rollups for any data: hours as int8, users changed one by one, ignored events",
            sql: """
                ALTER TABLE rollup_user_hours ALTER COLUMN hour TYPE int8;
                -- Users changed, by id, written by statement triggers; NULL stands for every user (TRUNCATE). The
                -- rollup pass moves them, under a version, to rollup_user_changes, which every responder reads.
                CREATE TABLE analytics_user_change_log (user_id text);
                CREATE FUNCTION analytics_log_user_ids() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  IF TG_OP IN ('INSERT', 'UPDATE') THEN
                    INSERT INTO analytics_user_change_log (user_id) SELECT user_id FROM new_rows;
                  END IF;
                  IF TG_OP IN ('UPDATE', 'DELETE') THEN
                    INSERT INTO analytics_user_change_log (user_id) SELECT user_id FROM old_rows;
                  END IF;
                  RETURN NULL;
                END $$;
                CREATE FUNCTION analytics_log_all_users() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  INSERT INTO analytics_user_change_log (user_id) VALUES (NULL);
                  RETURN NULL;
                END $$;
                DROP TRIGGER analytics_users_changed ON analytics_users;
                CREATE TRIGGER analytics_users_inserted AFTER INSERT ON analytics_users
                  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_log_user_ids();
                CREATE TRIGGER analytics_users_updated AFTER UPDATE ON analytics_users
                  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
                  FOR EACH STATEMENT EXECUTE FUNCTION analytics_log_user_ids();
                CREATE TRIGGER analytics_users_deleted AFTER DELETE ON analytics_users
                  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_log_user_ids();
                CREATE TRIGGER analytics_users_truncated AFTER TRUNCATE ON analytics_users
                  FOR EACH STATEMENT EXECUTE FUNCTION analytics_log_all_users();
                CREATE TABLE rollup_user_changes (
                  version int8 NOT NULL,
                  user_id text,
                  at      timestamptz NOT NULL DEFAULT now()
                );
                CREATE INDEX rollup_user_changes_version ON rollup_user_changes (version);
                -- The highest version pruned from rollup_user_changes: a responder behind it reloads every user.
                CREATE TABLE rollup_user_pruned (version int8 NOT NULL);
                INSERT INTO rollup_user_pruned VALUES (0);
                -- Events the rollups leave out: before 2000-01-01 or more than a day ahead of now.
                CREATE TABLE rollup_ignored (kind text PRIMARY KEY, events int8 NOT NULL);
                INSERT INTO rollup_ignored VALUES ('before_2000', 0), ('future', 0);
                -- Day -1 in the change log keeps meaning "every user" (bulk loads write it).
                INSERT INTO analytics_change_log (day) VALUES (-1);
                """),
        Migration(
            version: 7, name: "idempotent dashboard creation, the fair export queue",
            sql: """
                ALTER TABLE dashboards ADD COLUMN idempotency_key text, ADD COLUMN request_fingerprint text;
                CREATE UNIQUE INDEX dashboards_idempotency ON dashboards (owner_id, idempotency_key)
                  WHERE idempotency_key IS NOT NULL;
                CREATE INDEX export_jobs_owner_active ON export_jobs (owner_id) WHERE status IN ('pending', 'generating');
                """),
        Migration(
            version: 8, name: "rollup counts that exports read",
            sql: """
                ALTER TABLE rollup_user_hours ADD COLUMN page_views int4 NOT NULL DEFAULT 0,
                  ADD COLUMN bookings_started int4 NOT NULL DEFAULT 0, ADD COLUMN trips int4 NOT NULL DEFAULT 0,
                  ADD COLUMN reviews int4 NOT NULL DEFAULT 0;
                -- Every rolled-up day is rebuilt with the new counts by the next passes.
                INSERT INTO analytics_change_log (day) SELECT day FROM rollup_days WHERE day >= 0;
                """),
    ]

    public static var latestVersion: Int { all.last?.version ?? 0 }
}
