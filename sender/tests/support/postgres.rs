//! A PostgreSQL server of the test's own, from the machine's binaries, in a
//! temporary folder, on 127.0.0.1 and a free port; stopped when dropped.
//! `DATABASE_URL` (a `postgres://` URL), when set, is used instead.
#![allow(dead_code, reason = "each test uses part of the support")]

use std::path::{Path, PathBuf};
use std::process::Command;

/// A running server, or the one `DATABASE_URL` names.
pub struct Postgres {
    url: String,
    /// The server the test started: its folder and binaries.
    own: Option<Own>,
}

struct Own {
    dir: PathBuf,
    bin: PathBuf,
    port: u16,
    as_postgres: bool,
}

/// The folder of PostgreSQL's server binaries on this machine.
fn binaries() -> Option<PathBuf> {
    if let Ok(output) = Command::new("pg_config").arg("--bindir").output() {
        let dir = PathBuf::from(String::from_utf8_lossy(&output.stdout).trim());
        if dir.join("pg_ctl").is_file() && dir.join("initdb").is_file() {
            return Some(dir);
        }
    }
    let mut found: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(|entry| entry.ok().map(|e| e.path().join("bin")))
        .filter(|bin| bin.join("pg_ctl").is_file() && bin.join("initdb").is_file())
        .collect();
    found.sort();
    found.pop()
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|addr| addr.port())
        .expect("a free port on 127.0.0.1")
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

impl Postgres {
    /// `DATABASE_URL` when it names PostgreSQL; otherwise a server started
    /// here.
    ///
    /// # Panics
    ///
    /// When the server's binaries are missing (with what to install), or
    /// it does not start (with its log).
    pub fn start() -> Postgres {
        if let Ok(url) = std::env::var("DATABASE_URL")
            && url.starts_with("postgres")
        {
            return Postgres { url, own: None };
        }
        let bin = binaries().unwrap_or_else(|| {
            panic!(
                "PostgreSQL's server binaries (initdb, pg_ctl) are not on this machine: \
                 install them with `apt-get install postgresql`, or set DATABASE_URL to a \
                 postgres:// URL of a server to test against"
            )
        });
        let as_postgres = is_root();
        let dir = std::env::temp_dir().join(format!(
            "zns-sender-pg-{}-{}",
            std::process::id(),
            free_port()
        ));
        std::fs::create_dir_all(&dir).expect("a folder for the server");
        if as_postgres {
            // PostgreSQL refuses to run as root: the server is the postgres
            // user's, in a folder it owns.
            let status = Command::new("chown")
                .args(["-R", "postgres:postgres"])
                .arg(&dir)
                .status()
                .expect("chown");
            assert!(status.success(), "chown the server's folder to postgres");
        }
        let data = dir.join("data");
        let own = Own {
            dir,
            bin,
            port: free_port(),
            as_postgres,
        };
        own.run(
            "initdb",
            &[
                "-D",
                &data.to_string_lossy(),
                "-A",
                "trust",
                "-U",
                "postgres",
                "--no-sync",
            ],
        );
        own.start_server();
        let url = format!("postgres://postgres@127.0.0.1:{}/postgres", own.port);
        Postgres {
            url,
            own: Some(own),
        }
    }

    /// The server's URL.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Whether the test may restart the server (it started it).
    pub fn can_restart(&self) -> bool {
        self.own.is_some()
    }

    /// Restarts the server (fast shutdown: every connection is cut).
    pub fn restart(&self) {
        if let Some(own) = &self.own {
            own.pg_ctl(&["stop", "-m", "fast", "-w"]);
            own.start_server();
        }
    }
}

impl Own {
    fn data(&self) -> PathBuf {
        self.dir.join("data")
    }

    fn command(&self, program: &str) -> Command {
        let path = self.bin.join(program);
        if self.as_postgres {
            let mut command = Command::new("runuser");
            command.args(["-u", "postgres", "--"]).arg(path);
            command
        } else {
            Command::new(path)
        }
    }

    fn run(&self, program: &str, args: &[&str]) {
        let output = self
            .command(program)
            .args(args)
            .current_dir(&self.dir)
            .output()
            .unwrap_or_else(|error| panic!("{program}: {error}"));
        assert!(
            output.status.success(),
            "{program} {args:?} failed:\n{}\n{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }

    fn pg_ctl(&self, args: &[&str]) {
        let data = self.data();
        let mut all = vec!["-D", data.to_str().expect("a UTF-8 path")];
        all.extend_from_slice(args);
        self.run("pg_ctl", &all);
    }

    fn start_server(&self) {
        let options = format!(
            "-p {} -k {} -c listen_addresses=127.0.0.1 -c max_connections=200",
            self.port,
            self.dir.display()
        );
        let log = self.dir.join("server.log");
        let started = self
            .command("pg_ctl")
            .arg("-D")
            .arg(self.data())
            .args(["-o", &options, "-l"])
            .arg(&log)
            .args(["-w", "-t", "60", "start"])
            .current_dir(&self.dir)
            .output()
            .expect("pg_ctl start");
        assert!(
            started.status.success(),
            "the PostgreSQL server did not start:\n{}\n{}",
            String::from_utf8_lossy(&started.stderr),
            std::fs::read_to_string(&log).unwrap_or_default()
        );
    }
}

impl Drop for Postgres {
    fn drop(&mut self) {
        if let Some(own) = &self.own {
            let data = own.data();
            let _ = own
                .command("pg_ctl")
                .arg("-D")
                .arg(&data)
                .args(["stop", "-m", "immediate", "-w"])
                .output();
            let _ = std::fs::remove_dir_all(&own.dir);
        }
    }
}

/// A fresh SQLite URL in `dir`.
pub fn sqlite_url(dir: &Path, name: &str) -> String {
    format!("sqlite://{}", dir.join(name).display())
}
