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
    ]

    public static var latestVersion: Int { all.last?.version ?? 0 }
}
