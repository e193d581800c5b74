-- 005: the receipt printer's queue (app/printing). A receipt is written here before a byte goes to
-- the printer and marked printed only once the printer has taken all of it and answered; one that
-- could not print (paper out, cover open, no answer) stays queued for a reprint, never lost.

CREATE TABLE print_jobs (
  id          INTEGER PRIMARY KEY,
  kind        TEXT NOT NULL CHECK (kind IN ('receipt', 'test')),
  sale_id     TEXT REFERENCES sales (id),
  state       TEXT NOT NULL CHECK (state IN ('queued', 'printed')),
  device      TEXT NOT NULL,
  tries       INTEGER NOT NULL DEFAULT 0,
  last_error  TEXT,            -- the printer's problem in words, for the reprint list
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  printed_at  TEXT
);

CREATE INDEX print_jobs_queued ON print_jobs (state, id);
