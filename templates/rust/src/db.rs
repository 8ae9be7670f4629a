//! The database: a lazily connecting pool, migrations at start, and a readiness flag that a
//! background task keeps current, retrying with backoff while the database is unreachable.

use std::{
    sync::{
        Arc,
        atomic::{AtomicBool, Ordering},
    },
    time::Duration,
};

use sqlx::{AnyPool, any::AnyPoolOptions};

/// How long a request waits for a pooled connection before it fails.
const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(3);
/// Interval of the readiness check while the database answers.
const CHECK_INTERVAL: Duration = Duration::from_secs(5);
/// First and longest wait between retries while the database does not answer.
const RETRY_FIRST: Duration = Duration::from_millis(250);
const RETRY_MAX: Duration = Duration::from_secs(10);

/// The database engines this build can talk to, chosen by the scheme of `DATABASE_URL`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Postgres,
    MySql,
    Sqlite,
}

impl Backend {
    /// Returns the backend of a database URL, or an error naming the feature to enable.
    pub fn from_url(url: &str) -> anyhow::Result<Self> {
        let scheme = url.split(':').next().unwrap_or_default();
        let backend = match scheme {
            "postgres" | "postgresql" => Self::Postgres,
            "mysql" | "mariadb" => Self::MySql,
            "sqlite" => Self::Sqlite,
            _ => anyhow::bail!(
                "invalid DATABASE_URL: unknown scheme {scheme:?}; use postgres://, mysql:// or sqlite://"
            ),
        };
        if !backend.is_compiled() {
            anyhow::bail!(
                "DATABASE_URL uses {scheme}://, but this build has no {feature} feature; \
                 build with --features {feature}",
                feature = backend.feature()
            );
        }
        Ok(backend)
    }

    fn feature(self) -> &'static str {
        match self {
            Self::Postgres => "postgres",
            Self::MySql => "mysql",
            Self::Sqlite => "sqlite",
        }
    }

    fn is_compiled(self) -> bool {
        match self {
            Self::Postgres => cfg!(feature = "postgres"),
            Self::MySql => cfg!(feature = "mysql"),
            Self::Sqlite => cfg!(feature = "sqlite"),
        }
    }
}

/// A pool and the state of the database behind it; clones share both.
#[derive(Debug, Clone)]
pub struct Database {
    pub pool: AnyPool,
    pub backend: Backend,
    ready: Arc<AtomicBool>,
}

impl Database {
    /// Reads `DATABASE_URL` (and `DATABASE_MAX_CONNECTIONS`) and creates the pool without connecting.
    ///
    /// For Cloud SQL over its unix socket use
    /// `postgres://USER:PASSWORD@localhost/DATABASE?host=/cloudsql/PROJECT:REGION:INSTANCE` or
    /// `mysql://USER:PASSWORD@localhost/DATABASE?socket=/cloudsql/PROJECT:REGION:INSTANCE`.
    pub fn from_env() -> anyhow::Result<Self> {
        let url = std::env::var("DATABASE_URL").map_err(|_| {
            anyhow::anyhow!(
                "missing DATABASE_URL; set it to the database URL, such as postgres://user:password@127.0.0.1:5432/app"
            )
        })?;
        let max_connections = match std::env::var("DATABASE_MAX_CONNECTIONS") {
            Ok(value) => value.parse::<u32>().map_err(|error| {
                anyhow::anyhow!(
                    "invalid DATABASE_MAX_CONNECTIONS {value:?}: {error}; use a positive number"
                )
            })?,
            Err(_) => 10,
        };
        Self::connect_lazy(&url, max_connections)
    }

    /// Creates the pool for `url`; connections open on first use.
    pub fn connect_lazy(url: &str, max_connections: u32) -> anyhow::Result<Self> {
        let backend = Backend::from_url(url)?;
        sqlx::any::install_default_drivers();
        let pool = AnyPoolOptions::new()
            .max_connections(max_connections)
            .acquire_timeout(ACQUIRE_TIMEOUT)
            .connect_lazy(url)
            .map_err(|error| anyhow::anyhow!("invalid DATABASE_URL: {error}"))?;
        Ok(Self {
            pool,
            backend,
            ready: Arc::new(AtomicBool::new(false)),
        })
    }

    /// Whether the last check reached the database.
    pub fn is_ready(&self) -> bool {
        self.ready.load(Ordering::Relaxed)
    }

    /// Starts the background task that applies migrations once the database answers and then
    /// keeps the readiness flag current. `DATABASE_MIGRATE=false` skips the migrations.
    pub fn spawn_monitor(&self, shutdown: tokio_util::sync::CancellationToken) {
        let migrate = std::env::var("DATABASE_MIGRATE").map_or(true, |value| value != "false");
        let db = self.clone();
        tokio::spawn(async move {
            tokio::select! {
                () = db.monitor(migrate) => {}
                () = shutdown.cancelled() => {}
            }
        });
    }

    async fn monitor(&self, mut migrate: bool) {
        let mut retry = RETRY_FIRST;
        loop {
            let result = self.check(migrate).await;
            let was_ready = self.ready.swap(result.is_ok(), Ordering::Relaxed);
            match result {
                Ok(()) => {
                    if !was_ready {
                        tracing::info!(backend = ?self.backend, "database is reachable");
                    }
                    migrate = false;
                    retry = RETRY_FIRST;
                    tokio::time::sleep(CHECK_INTERVAL).await;
                }
                Err(error) => {
                    if was_ready || retry == RETRY_FIRST {
                        tracing::warn!(%error, retry_ms = retry.as_millis() as u64, "database is unreachable; retrying");
                    }
                    tokio::time::sleep(retry).await;
                    retry = (retry * 2).min(RETRY_MAX);
                }
            }
        }
    }

    async fn check(&self, migrate: bool) -> anyhow::Result<()> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        if migrate {
            self.migrate().await?;
            tracing::info!("database migrations applied");
        }
        Ok(())
    }

    /// Applies the migrations of this backend from `migrations/<backend>/`.
    pub async fn migrate(&self) -> anyhow::Result<()> {
        let migrator = match self.backend {
            Backend::Postgres => sqlx::migrate!("migrations/postgres"),
            Backend::MySql => sqlx::migrate!("migrations/mysql"),
            Backend::Sqlite => sqlx::migrate!("migrations/sqlite"),
        };
        migrator
            .run(&self.pool)
            .await
            .map_err(|error| anyhow::anyhow!("database migration failed: {error}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_unknown_scheme() {
        let error = Backend::from_url("oracle://db").unwrap_err();
        assert!(error.to_string().contains("\"oracle\""));
    }

    #[cfg(feature = "postgres")]
    #[test]
    fn reads_cloud_sql_socket_url() {
        use std::str::FromStr;

        let url = "postgres://app:secret@localhost/notes?host=/cloudsql/acme:us-central1:main";
        let options = sqlx::postgres::PgConnectOptions::from_str(url).expect("valid URL");
        assert_eq!(
            options.get_socket(),
            Some(&std::path::PathBuf::from("/cloudsql/acme:us-central1:main"))
        );
        assert_eq!(
            Backend::from_url(url).expect("postgres is compiled"),
            Backend::Postgres
        );
    }
}
