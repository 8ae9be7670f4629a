//! State shared by every request. Stateless HTTP builds a new `Server` per request, so anything
//! expensive, such as a connection pool, lives here and is cloned in cheaply.

#[cfg(feature = "db")]
use crate::db::Database;

/// Shared state of the server; cloning it shares the same pool.
#[derive(Debug, Clone, Default)]
pub struct AppState {
    /// The database, when the server is built with a database feature.
    #[cfg(feature = "db")]
    pub db: Option<Database>,
}

impl AppState {
    /// Builds the state from the environment: with a database feature, `DATABASE_URL` is required.
    pub fn from_env() -> anyhow::Result<Self> {
        Ok(Self {
            #[cfg(feature = "db")]
            db: Some(Database::from_env()?),
        })
    }

    /// Whether the server can answer requests: false while the database is unreachable.
    pub fn is_ready(&self) -> bool {
        #[cfg(feature = "db")]
        if let Some(db) = &self.db {
            return db.is_ready();
        }
        true
    }
}
