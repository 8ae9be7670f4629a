//! Example tools that write and read the database. Queries are checked at run time, so the
//! crate builds without a database.

use rmcp::{Json, handler::server::wrapper::Parameters, schemars, tool, tool_router};
use serde::{Deserialize, Serialize};
use sqlx::Row;

use crate::{
    db::{Backend, Database},
    server::Server,
};

/// Longest note accepted, in characters.
const MAX_NOTE_LENGTH: usize = 10_000;

/// Parameters of the `add_note` tool.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct AddNoteParams {
    /// Text of the note.
    pub body: String,
}

/// Parameters of the `list_notes` tool.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct ListNotesParams {
    /// Largest number of notes to return, newest first (1 to 100).
    // An i64 because its schema format, int64, is one that JSON Schema validators know, while
    // schemars gives u32 the format uint32. The doc comment above is the schema's description.
    pub limit: Option<i64>,
}

/// A stored note.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct Note {
    /// Identifier assigned by the database.
    pub id: i64,
    /// Text of the note.
    pub body: String,
}

/// Notes returned by `list_notes`.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct NoteList {
    pub notes: Vec<Note>,
}

#[tool_router(router = notes_router, vis = "pub(crate)")]
impl Server {
    #[tool(description = "Store a note in the database and return it with its id.")]
    async fn add_note(
        &self,
        Parameters(params): Parameters<AddNoteParams>,
    ) -> Result<Json<Note>, String> {
        let db = self.database()?;
        if params.body.trim().is_empty() || params.body.chars().count() > MAX_NOTE_LENGTH {
            return Err(format!(
                "invalid body: a note has 1 to {MAX_NOTE_LENGTH} characters"
            ));
        }

        let id = insert_note(db, &params.body).await.map_err(|error| {
            tracing::error!(%error, "add_note failed");
            format!("database error: {error}; try again when the database is reachable")
        })?;
        Ok(Json(Note {
            id,
            body: params.body,
        }))
    }

    #[tool(description = "List the newest notes in the database.")]
    async fn list_notes(
        &self,
        Parameters(params): Parameters<ListNotesParams>,
    ) -> Result<Json<NoteList>, String> {
        let db = self.database()?;
        let limit = params.limit.unwrap_or(20).clamp(1, 100);

        let sql = match db.backend {
            Backend::Postgres => "SELECT id, body FROM notes ORDER BY id DESC LIMIT $1",
            Backend::MySql | Backend::Sqlite => {
                "SELECT id, body FROM notes ORDER BY id DESC LIMIT ?"
            }
        };
        let rows = sqlx::query(sql)
            .bind(limit)
            .fetch_all(&db.pool)
            .await
            .map_err(|error| {
                tracing::error!(%error, "list_notes failed");
                format!("database error: {error}; try again when the database is reachable")
            })?;
        let notes = rows
            .iter()
            .map(|row| {
                Ok(Note {
                    id: row.try_get("id")?,
                    body: row.try_get("body")?,
                })
            })
            .collect::<Result<Vec<_>, sqlx::Error>>()
            .map_err(|error| format!("database error: {error}"))?;
        Ok(Json(NoteList { notes }))
    }
}

impl Server {
    fn database(&self) -> Result<&Database, String> {
        self.state
            .db
            .as_ref()
            .ok_or_else(|| "no database is configured; set DATABASE_URL".to_string())
    }
}

async fn insert_note(db: &Database, body: &str) -> Result<i64, sqlx::Error> {
    // MySQL has no RETURNING clause; it reports the new id with the query result instead.
    if db.backend == Backend::MySql {
        let result = sqlx::query("INSERT INTO notes (body) VALUES (?)")
            .bind(body)
            .execute(&db.pool)
            .await?;
        return result.last_insert_id().ok_or_else(|| {
            sqlx::Error::Protocol("the database returned no id for the new note".into())
        });
    }

    let sql = match db.backend {
        Backend::Postgres => "INSERT INTO notes (body) VALUES ($1) RETURNING id",
        Backend::MySql | Backend::Sqlite => "INSERT INTO notes (body) VALUES (?) RETURNING id",
    };
    let row = sqlx::query(sql).bind(body).fetch_one(&db.pool).await?;
    row.try_get("id")
}
