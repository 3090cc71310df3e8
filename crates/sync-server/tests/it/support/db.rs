//! A database of its own for each test, so tests run in parallel and see only their
//! own rows.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;

use sqlx::{Connection, PgConnection, PgPool, Row};

pub struct TestDb {
    pub url: String,
    pub pool: PgPool,
    cluster: String,
    name: String,
}

/// The cluster's URL with another database name.
fn with_database(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((base, query)) => (base, Some(query)),
        None => (url, None),
    };
    // postgres://user@host:port/db: the path's last segment is the database.
    let after_scheme = base.find("://").map_or(0, |i| i + 3);
    let root = match base[after_scheme..].find('/') {
        Some(i) => &base[..after_scheme + i],
        None => base,
    };
    match query {
        Some(query) => format!("{root}/{name}?{query}"),
        None => format!("{root}/{name}"),
    }
}

/// The cluster's URL: `DATABASE_URL`, or else a cluster of this test process's own,
/// started once by `scripts/with-postgres.sh` and kept until the process ends.
fn cluster_url() -> String {
    if let Ok(url) = std::env::var("DATABASE_URL") {
        return url;
    }
    static OWN: OnceLock<(String, Child)> = OnceLock::new();
    let (url, _) = OWN.get_or_init(|| {
        let script = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../scripts/with-postgres.sh"
        );
        // The script's command prints the URL and then waits on its standard input,
        // which closes when this process ends, however it ends; the script then stops
        // and deletes the cluster.
        let mut child = Command::new(script)
            .args(["sh", "-c", "echo \"$DATABASE_URL\"; cat >/dev/null"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("start scripts/with-postgres.sh");
        let mut url = String::new();
        if let Some(stdout) = child.stdout.take() {
            let _ = BufReader::new(stdout).read_line(&mut url);
        }
        let url = url.trim().to_owned();
        assert!(
            url.starts_with("postgres://"),
            "no PostgreSQL cluster: install PostgreSQL (scripts/setup.sh test) or set DATABASE_URL"
        );
        (url, child)
    });
    url.clone()
}

impl TestDb {
    pub async fn create() -> TestDb {
        let cluster = cluster_url();
        let name = format!("onno_test_{}", super::random_hex(8));
        let mut admin = PgConnection::connect(&cluster)
            .await
            .expect("connect to the PostgreSQL cluster");
        sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
            .execute(&mut admin)
            .await
            .expect("create the test database");
        let url = with_database(&cluster, &name);
        let pool = PgPool::connect(&url)
            .await
            .expect("connect to the test database");
        TestDb {
            url,
            pool,
            cluster,
            name,
        }
    }

    /// The server's tables (all but the migrations' bookkeeping).
    pub async fn tables(&self) -> Vec<String> {
        sqlx::query_scalar(
            "SELECT table_name::text FROM information_schema.tables \
             WHERE table_schema = 'public' AND table_type = 'BASE TABLE' \
               AND table_name <> '_sqlx_migrations' ORDER BY table_name",
        )
        .fetch_all(&self.pool)
        .await
        .expect("list the tables")
    }

    /// Every row of every table as JSON text (bytea as `\x` hex), one line a row,
    /// each prefixed by its table: what a copy of the database would give away.
    pub async fn dump(&self) -> String {
        let mut out = String::new();
        for table in self.tables().await {
            let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
                "SELECT row_to_json(t)::text AS row FROM {table} t"
            )))
            .fetch_all(&self.pool)
            .await
            .expect("read a table");
            for row in rows {
                let text: String = row.get("row");
                out.push_str(&format!("{table}: {text}\n"));
            }
        }
        out
    }

    pub async fn count(&self, table: &str) -> i64 {
        sqlx::query_scalar(sqlx::AssertSqlSafe(format!("SELECT count(*) FROM {table}")))
            .fetch_one(&self.pool)
            .await
            .expect("count rows")
    }
}

/// Drops the test's database, so a cluster of the developer's own (`DATABASE_URL`)
/// does not fill up with them. On a thread of its own: a drop cannot wait on the
/// test's runtime.
impl Drop for TestDb {
    fn drop(&mut self) {
        let (cluster, name) = (self.cluster.clone(), self.name.clone());
        let dropped = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .ok()?;
            runtime.block_on(async {
                let mut admin = PgConnection::connect(&cluster).await.ok()?;
                // FORCE ends the server's connections, if it still runs.
                sqlx::query(sqlx::AssertSqlSafe(format!(
                    "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
                )))
                .execute(&mut admin)
                .await
                .ok()
            })
        });
        let _ = dropped.join();
    }
}

#[test]
fn the_database_name_is_replaced_in_either_form_of_url() {
    assert_eq!(
        with_database("postgres://u@h:5432/onno?host=/tmp/x/socket", "t1"),
        "postgres://u@h:5432/t1?host=/tmp/x/socket"
    );
    assert_eq!(
        with_database("postgres://u@h/onno", "t1"),
        "postgres://u@h/t1"
    );
    assert_eq!(with_database("postgres://u@h", "t1"), "postgres://u@h/t1");
}
