-- oomstream: the tables the JDBC sink (deploy/connect/) upserts into and the Grafana dashboards
-- (deploy/grafana/) read. Apply once to an empty database; safe to re-run (IF NOT EXISTS):
--   psql "$DATABASE_URL" -v ON_ERROR_STOP=1 -f deploy/sql/schema.sql
--
-- Columns match the rows io.oomstream.topology.SinkRows writes (a test compares this file with it);
-- docs/sink.md explains them. Every time column is timestamptz (the sink sends UTC epoch milliseconds).
-- Dimension columns (host, service, environment, datacenter, team, role) are never null: what the fleet
-- metadata or the log does not give is 'unknown'. The connectors run with schema.evolution=none, so a
-- column added to SinkRows must be added here first.

-- One row per OOM event: kills, allocation failures, incomplete reports. is_kill is false for allocation
-- failures and for OOM reports that never reached their kill line (no victim: the host may have hung).
-- Upsert key: event_id
-- (a re-emitted event, e.g. completed by a late reaper line, overwrites its row).
CREATE TABLE IF NOT EXISTS oom_events (
    event_id              text             PRIMARY KEY,
    kind                  text             NOT NULL,
    is_kill               boolean          NOT NULL,
    host                  text             NOT NULL,
    event_time            timestamptz      NOT NULL,
    first_line_time       timestamptz,
    seen_at               timestamptz      NOT NULL,
    complete              boolean          NOT NULL,
    incomplete_reason     text,
    kernel_era            text,
    kernel_version        text,
    line_count            integer          NOT NULL,
    killer                text,
    trigger_process       text,
    trigger_pid           integer,
    gfp_mask              text,
    alloc_order           integer,
    oom_constraint        text,
    oom_memcg             text,
    task_memcg            text,
    systemd_unit          text,
    victim_pid            integer,
    victim_name           text,
    victim_uid            bigint,
    victim_total_vm_kb    bigint,
    victim_anon_rss_kb    bigint,
    victim_file_rss_kb    bigint,
    victim_oom_score_adj  integer,
    victim_share          double precision,
    reaped                boolean,
    memcg_usage_kb        bigint,
    memcg_limit_kb        bigint,
    ram_kb                bigint,
    mem_free_kb           bigint,
    swap_total_kb         bigint,
    swap_free_kb          bigint,
    swap_exhausted        boolean,
    fragmented            boolean,
    largest_free_order    integer,
    thrashing             boolean,
    report_span_seconds   bigint,
    top_consumer          text,
    top_consumer_rss_kb   bigint,
    top_consumer_share    double precision,
    verdict               text,
    fleet_status          text             NOT NULL,
    service               text             NOT NULL,
    service_rule          text,
    environment           text             NOT NULL,
    datacenter            text             NOT NULL,
    team                  text             NOT NULL,
    role                  text             NOT NULL,
    pod_uid               text,
    container_id          text,
    namespace             text,
    pod                   text,
    workload_kind         text,
    workload              text,
    container             text
);
-- Time-range scans, filtered by the dashboard variables.
-- Added after the first release: a table created by an earlier schema.sql gains them here (idempotent).
ALTER TABLE oom_events ADD COLUMN IF NOT EXISTS namespace text;
ALTER TABLE oom_events ADD COLUMN IF NOT EXISTS pod text;
ALTER TABLE oom_events ADD COLUMN IF NOT EXISTS workload_kind text;
ALTER TABLE oom_events ADD COLUMN IF NOT EXISTS workload text;
ALTER TABLE oom_events ADD COLUMN IF NOT EXISTS container text;
CREATE INDEX IF NOT EXISTS oom_events_time_idx ON oom_events (event_time);
CREATE INDEX IF NOT EXISTS oom_events_dims_time_idx ON oom_events (environment, datacenter, team, event_time);
CREATE INDEX IF NOT EXISTS oom_events_host_time_idx ON oom_events (host, event_time);
-- Allocation failures / fragmentation panel and incomplete-reports panel: small partial indexes.
CREATE INDEX IF NOT EXISTS oom_events_alloc_time_idx ON oom_events (event_time) WHERE kind = 'alloc_failure';
CREATE INDEX IF NOT EXISTS oom_events_incomplete_time_idx ON oom_events (event_time) WHERE NOT complete;

-- One row per incident (host or fleet-wide), its latest state. Upsert key: incident_id.
CREATE TABLE IF NOT EXISTS oom_incidents (
    incident_id            text             PRIMARY KEY,
    scope                  text             NOT NULL,
    host                   text,
    group_by               text,
    group_value            text,
    environment            text             NOT NULL,
    datacenter             text             NOT NULL,
    team                   text             NOT NULL,
    role                   text             NOT NULL,
    status                 text             NOT NULL,
    opened_at              timestamptz      NOT NULL,
    last_kill_at           timestamptz,
    closed_at              timestamptz,
    kill_count             integer          NOT NULL,
    reports_without_kill   integer          NOT NULL,
    host_count             integer          NOT NULL,
    hosts                  text,
    services_hit           text             NOT NULL,
    victims                text             NOT NULL,
    culprit_name           text,
    culprit_processes      integer,
    culprit_rss_kb         bigint,
    culprit_share          double precision,
    culprit_among_victims  boolean,
    culprit_reading        text,
    swap_exhausted         boolean          NOT NULL,
    hang_suspected         boolean          NOT NULL,
    fleet_incidents        text,
    severity               text             NOT NULL,
    severity_rank          integer          NOT NULL,
    severity_reasons       text             NOT NULL,
    verdict                text             NOT NULL,
    updated_at             timestamptz      NOT NULL
);
CREATE INDEX IF NOT EXISTS oom_incidents_opened_idx ON oom_incidents (opened_at);
CREATE INDEX IF NOT EXISTS oom_incidents_last_kill_idx ON oom_incidents (last_kill_at);
CREATE INDEX IF NOT EXISTS oom_incidents_open_idx ON oom_incidents (severity_rank DESC, opened_at) WHERE status = 'open';
CREATE INDEX IF NOT EXISTS oom_incidents_host_idx ON oom_incidents (host, opened_at) WHERE scope = 'host';

-- Kills per closed tumbling window and dimensions. Upsert key: the dimensions and the window start, so a
-- replayed window overwrites its count instead of adding to it.
CREATE TABLE IF NOT EXISTS oom_kill_counts (
    service       text         NOT NULL,
    environment   text         NOT NULL,
    datacenter    text         NOT NULL,
    team          text         NOT NULL,
    namespace     text         NOT NULL DEFAULT '',
    workload      text         NOT NULL DEFAULT '',
    window_start  timestamptz  NOT NULL,
    window_end    timestamptz  NOT NULL,
    kills         bigint       NOT NULL,
    updated_at    timestamptz  NOT NULL,
    PRIMARY KEY (service, environment, datacenter, team, namespace, workload, window_start)
);
-- Added after the first release: the workload dimension (empty for kills outside a resolved pod). A table
-- created by an earlier schema.sql gains the columns and the wider primary key here (idempotent).
ALTER TABLE oom_kill_counts ADD COLUMN IF NOT EXISTS namespace text NOT NULL DEFAULT '';
ALTER TABLE oom_kill_counts ADD COLUMN IF NOT EXISTS workload text NOT NULL DEFAULT '';
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM information_schema.key_column_usage
                   WHERE table_name = 'oom_kill_counts' AND constraint_name = 'oom_kill_counts_pkey'
                     AND column_name = 'workload') THEN
        ALTER TABLE oom_kill_counts DROP CONSTRAINT oom_kill_counts_pkey,
            ADD PRIMARY KEY (service, environment, datacenter, team, namespace, workload, window_start);
    END IF;
END $$;
CREATE INDEX IF NOT EXISTS oom_kill_counts_window_idx ON oom_kill_counts (window_start);
