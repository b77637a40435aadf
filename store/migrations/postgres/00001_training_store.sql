-- +goose Up
-- What serve published, so that a correction naming a resource id can be tied back to
-- its document, version, evidence span, model, and the sentence it rests on (PHI).
CREATE TABLE findings (
    resource_id      TEXT PRIMARY KEY,
    document_id      TEXT NOT NULL,
    document_version TEXT NOT NULL,
    subject          TEXT NOT NULL,
    task             TEXT NOT NULL,
    value            TEXT NOT NULL,
    model            TEXT NOT NULL,
    span_start       BIGINT NOT NULL,
    span_end         BIGINT NOT NULL,
    sentence         TEXT NOT NULL,
    published_at     BIGINT NOT NULL
);
CREATE INDEX findings_document ON findings (document_id);
CREATE INDEX findings_subject ON findings (subject);
CREATE INDEX findings_published ON findings (published_at);

-- The sentences of each read document that can matter (tobacco sentences), so that a
-- finding the model missed can still be learnt from (PHI).
CREATE TABLE documents (
    document_id      TEXT PRIMARY KEY,
    document_version TEXT NOT NULL,
    subject          TEXT NOT NULL,
    model            TEXT NOT NULL,
    sentences        TEXT NOT NULL,
    read_at          BIGINT NOT NULL
);
CREATE INDEX documents_subject ON documents (subject);
CREATE INDEX documents_read ON documents (read_at);

-- Clinicians' corrections, one row per distinct correction (id: a hash of what it says).
CREATE TABLE corrections (
    id               TEXT PRIMARY KEY,
    received_at      BIGINT NOT NULL,
    source           TEXT NOT NULL,
    sender           TEXT NOT NULL,
    task             TEXT NOT NULL,
    action           TEXT NOT NULL,
    resource_id      TEXT NOT NULL,
    document_id      TEXT NOT NULL,
    document_version TEXT NOT NULL,
    subject          TEXT NOT NULL,
    model            TEXT NOT NULL,
    previous         TEXT NOT NULL,
    value            TEXT NOT NULL,
    span_start       BIGINT NOT NULL,
    span_end         BIGINT NOT NULL,
    sentence         TEXT NOT NULL,
    raw              BYTEA NOT NULL
);
CREATE INDEX corrections_received ON corrections (received_at);
CREATE INDEX corrections_subject ON corrections (subject);

-- Model versions: candidates, promoted and rejected ones, each with its artifact.
CREATE TABLE models (
    version          TEXT PRIMARY KEY,
    task             TEXT NOT NULL,
    created_at       BIGINT NOT NULL,
    status           TEXT NOT NULL,
    reason           TEXT NOT NULL,
    sha256           TEXT NOT NULL,
    artifact         BYTEA,
    report           TEXT NOT NULL,
    gold_macro_f1    DOUBLE PRECISION NOT NULL,
    corrections_acc  DOUBLE PRECISION NOT NULL,
    corrections_used BIGINT NOT NULL
);

-- Every promotion and rollback, in order: the last row of a task is what serves.
CREATE TABLE promotions (
    seq       BIGSERIAL PRIMARY KEY,
    task      TEXT NOT NULL,
    version   TEXT NOT NULL,
    at        BIGINT NOT NULL,
    by_whom   TEXT NOT NULL,
    reason    TEXT NOT NULL
);

-- One retraining at a time across instances.
CREATE TABLE leases (
    name       TEXT PRIMARY KEY,
    holder     TEXT NOT NULL,
    expires_at BIGINT NOT NULL
);

-- +goose Down
DROP TABLE leases;
DROP TABLE promotions;
DROP TABLE models;
DROP TABLE corrections;
DROP TABLE documents;
DROP TABLE findings;
