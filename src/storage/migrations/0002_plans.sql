-- Plans (a reference table): limits a platform administrator sets per plan; null means
-- unlimited. Every business starts on `free`, which is unlimited until an operator says
-- otherwise.
CREATE TABLE plans (
  name TEXT PRIMARY KEY,
  limits TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
INSERT INTO plans (name, limits, created_at, updated_at) VALUES ('free', '{}', 0, 0);
