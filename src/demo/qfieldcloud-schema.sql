-- jobdeck demo: a copy of reference/qfieldcloud_core_job.sql, applied by load-schema.ts
-- (once: it is skipped when core_job exists). Keep the two in step.
--
-- QFieldCloud job-queue schema, reproduced for PostgreSQL (fixture for jobdeck tests).
--
-- Written from the facts in opengisch/qfieldcloud (Django app `core`, migrations
-- docker-app/qfieldcloud/core/migrations/0011..0111). Checked by replaying an equivalent
-- Django migration sequence on PostgreSQL 15 and dumping it with pg_dump -s: the column
-- types, nullability and index/constraint names below are what that produced.
--
-- Facts that shape this file:
--  * There is NO auth_user table: AUTH_USER_MODEL = "core.User", so users live in core_user.
--  * The project table is core_project up to v26.20. From v26.21 (2026-07) it is renamed to
--    project_project (core migration 0104). See the note at the end of this file.
--  * Django sets defaults in Python, so the real tables have NO column DEFAULTs (except
--    core_user.id, a serial) and NO CHECK on job status/type. The allowed values are
--    enforced only by the app. They are listed in the comments here.
--  * The table was created as core_export, then renamed to core_exportation and then to
--    core_job. Postgres kept the original names, so the primary key is core_export_pkey and
--    the project_id index is core_export_project_id_49ebb1d5.
--  * All foreign keys are DEFERRABLE INITIALLY DEFERRED (Django default).

CREATE TABLE core_user (
    id           serial                   NOT NULL,
    password     character varying(128)   NOT NULL,
    last_login   timestamp with time zone,
    is_superuser boolean                  NOT NULL,
    username     character varying(150)   NOT NULL,
    first_name   character varying(150)   NOT NULL,
    last_name    character varying(150)   NOT NULL,
    email        character varying(254)   NOT NULL,
    is_staff     boolean                  NOT NULL,
    is_active    boolean                  NOT NULL,
    date_joined  timestamp with time zone NOT NULL,
    -- 1 = person, 2 = organization, 3 = team (User.Type)
    type         smallint                 NOT NULL,
    CONSTRAINT core_user_pkey PRIMARY KEY (id),
    CONSTRAINT core_user_username_key UNIQUE (username),
    CONSTRAINT core_user_type_check CHECK (type >= 0)
    -- the real table has more QFieldCloud-specific columns; only the ones a dashboard needs are kept
);
CREATE INDEX core_user_username_36e4f7f7_like ON core_user (username varchar_pattern_ops);
-- case-insensitive uniqueness of usernames (core migration 0054)
CREATE UNIQUE INDEX core_user_username_uppercase ON core_user (UPPER(username));

CREATE TABLE core_project (
    id          uuid                     NOT NULL,
    name        character varying(255)   NOT NULL,
    description text                     NOT NULL,
    is_public   boolean                  NOT NULL,
    owner_id    integer                  NOT NULL,   -- core_user.id, a person or an organization
    created_at  timestamp with time zone NOT NULL,
    updated_at  timestamp with time zone NOT NULL,
    -- v25.26+ (core migration 0089). While not NULL, the worker_wrapper skips this project's
    -- pending jobs (they are left unqueued).
    locked_at   timestamp with time zone,
    CONSTRAINT core_project_pkey PRIMARY KEY (id),
    CONSTRAINT project_owner_name_uniq UNIQUE (owner_id, name),
    CONSTRAINT core_project_owner_id_26945739_fk_core_user_id
        FOREIGN KEY (owner_id) REFERENCES core_user (id) DEFERRABLE INITIALLY DEFERRED
    -- the real table has many more columns (project_details jsonb, file_storage_bytes, ...)
);
CREATE INDEX core_project_owner_id_26945739 ON core_project (owner_id);

-- Column order matches the physical order in a real deployment.
CREATE TABLE core_job (
    id                 uuid                     NOT NULL,
    created_at         timestamp with time zone NOT NULL,  -- set on insert only
    updated_at         timestamp with time zone NOT NULL,  -- auto_now, but the worker saves with
                                                           -- update_fields, so status changes do NOT touch it
    project_id         uuid                     NOT NULL,
    output             text,                               -- QGIS container log text
    -- type: 'package' | 'delta_apply' | 'process_projectfile' | 'create_project' (v26.8+)
    type               character varying(32)    NOT NULL,
    -- status: 'pending' | 'queued' | 'started' | 'finished' | 'stopped' | 'failed'
    -- (the app default is 'pending'; no code path ever sets 'stopped')
    status             character varying(32)    NOT NULL,
    created_by_id      integer                  NOT NULL,
    feedback           jsonb,
    finished_at        timestamp with time zone,           -- NULL for jobs failed by non-zero exit
    started_at         timestamp with time zone,
    docker_finished_at timestamp with time zone,
    docker_started_at  timestamp with time zone,
    container_id       character varying(64)    NOT NULL,  -- app default '' (empty string), not NULL
    triggered_by_id    integer                  NOT NULL,  -- v25.13+ (core migration 0085); absent before
    CONSTRAINT core_export_pkey PRIMARY KEY (id),
    CONSTRAINT core_export_project_id_49ebb1d5_fk_core_project_id
        FOREIGN KEY (project_id) REFERENCES core_project (id) DEFERRABLE INITIALLY DEFERRED,
    CONSTRAINT core_job_created_by_id_818c132f_fk_core_user_id
        FOREIGN KEY (created_by_id) REFERENCES core_user (id) DEFERRABLE INITIALLY DEFERRED,
    CONSTRAINT core_job_triggered_by_id_826dcba1_fk_core_user_id
        FOREIGN KEY (triggered_by_id) REFERENCES core_user (id) DEFERRABLE INITIALLY DEFERRED
);
CREATE INDEX core_export_project_id_49ebb1d5      ON core_job (project_id);
CREATE INDEX core_job_created_by_id_818c132f      ON core_job (created_by_id);
CREATE INDEX core_job_triggered_by_id_826dcba1    ON core_job (triggered_by_id);
CREATE INDEX core_job_status_ce8f16d2             ON core_job (status);
CREATE INDEX core_job_status_ce8f16d2_like        ON core_job (status varchar_pattern_ops);
CREATE INDEX core_job_created_at_872a5b75         ON core_job (created_at);
CREATE INDEX core_job_updated_at_546ac23e         ON core_job (updated_at);
CREATE INDEX core_job_container_id_02ae8de4       ON core_job (container_id);
CREATE INDEX core_job_container_id_02ae8de4_like  ON core_job (container_id varchar_pattern_ops);

-- v26.21+ layout (core migration 0104 renames the table; indexes/PK keep their old names):
--   ALTER TABLE core_project RENAME TO project_project;
-- In a real v26.21+ database the core_job -> project FK constraint may also have been
-- re-created by Django under a new hashed name ("..._fk_project_project_id"); the column
-- and its index are unchanged.
--
-- Pre-v25.13 layout: drop triggered_by_id (and its FK and index).
-- Pre-v25.26 layout: core_project has no locked_at (it had a boolean is_locked from v25.1).
