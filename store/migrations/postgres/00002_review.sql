-- +goose Up
-- The review page: each finding's confidence, and the note text (PHI) when the page is on.
ALTER TABLE findings ADD COLUMN score DOUBLE PRECISION NOT NULL DEFAULT 0;
ALTER TABLE documents ADD COLUMN note_text TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE documents DROP COLUMN note_text;
ALTER TABLE findings DROP COLUMN score;
