-- VARCHAR, not TEXT: sqlx's Any driver reads MySQL TEXT columns as BLOB, which does not decode to a String.
CREATE TABLE IF NOT EXISTS notes (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    body VARCHAR(10000) NOT NULL
);
