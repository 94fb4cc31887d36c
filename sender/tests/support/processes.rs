//! Real `zns-sender` processes, as an operator runs them: each its own OS
//! process, configured by the environment, its standard error kept in a
//! file to show when a test fails.
#![allow(dead_code, reason = "each test uses part of the support")]

use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Output, Stdio};
use std::time::{Duration, Instant};

/// The command, as Cargo built it for the tests.
pub const ZNS_SENDER: &str = env!("CARGO_BIN_EXE_zns-sender");

/// The environment every process gets: the database, the fake Zalo and its
/// webhooks.
#[derive(Debug, Clone)]
pub struct Env {
    pub database_url: String,
    pub zalo_url: String,
    pub dir: PathBuf,
}

impl Env {
    fn command(&self) -> Command {
        let mut command = Command::new(ZNS_SENDER);
        command
            .env("DATABASE_URL", &self.database_url)
            .env("ZALO_APP_ID", super::fake_zalo::APP_ID)
            .env("ZALO_SECRET_KEY", super::fake_zalo::SECRET_KEY)
            .env("ZNS_API_URL", &self.zalo_url)
            .env("ZALO_OAUTH_URL", &self.zalo_url)
            .env(
                "OTHER_CHANNEL_URL",
                format!("{}/other-channel", self.zalo_url),
            )
            .env("ALERT_URL", format!("{}/alert", self.zalo_url))
            .env("ZNS_HTTP_TIMEOUT", "3");
        command
    }

    /// Runs `zns-sender ARGS` to its end, with `input` on its standard
    /// input.
    pub fn run(&self, args: &[&str], input: &str) -> Output {
        use std::io::Write;
        let mut child = self
            .command()
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("zns-sender starts");
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(input.as_bytes())
            .expect("write stdin");
        child.wait_with_output().expect("zns-sender ends")
    }

    /// Runs `zns-sender ARGS` and expects it to succeed; its standard output.
    pub fn ok(&self, args: &[&str]) -> String {
        let output = self.run(args, "");
        assert!(
            output.status.success(),
            "zns-sender {args:?} failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8_lossy(&output.stdout).into_owned()
    }

    /// Starts `zns-sender run` in the background, named `name`.
    pub fn start(&self, name: &str, args: &[&str]) -> Running {
        let log = self.dir.join(format!("{name}.log"));
        let file = std::fs::File::create(&log).expect("a log file");
        let child = self
            .command()
            .arg("run")
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(file)
            .spawn()
            .expect("zns-sender run starts");
        Running {
            name: name.to_owned(),
            child,
            log,
            exited: None,
        }
    }

    /// `zns-sender status --json`.
    pub fn status(&self, oa: &str) -> serde_json::Value {
        serde_json::from_str(&self.ok(&["status", "--oa", oa, "--json"])).expect("status is JSON")
    }
}

/// A `zns-sender run` in the background.
pub struct Running {
    pub name: String,
    child: Child,
    log: PathBuf,
    exited: Option<ExitStatus>,
}

impl Running {
    /// SIGKILL: the process dies wherever it is.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        self.exited = self.child.wait().ok();
    }

    /// SIGTERM: the process finishes its calls and exits.
    pub fn terminate(&self) {
        let status = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .expect("kill -TERM");
        assert!(status.success(), "SIGTERM to {}", self.name);
    }

    /// Its exit status, once it exited (waiting at most `limit`).
    pub fn wait(&mut self, limit: Duration) -> Option<ExitStatus> {
        let until = Instant::now() + limit;
        while self.exited.is_none() && Instant::now() < until {
            self.exited = self.child.try_wait().expect("try_wait");
            if self.exited.is_none() {
                std::thread::sleep(Duration::from_millis(50));
            }
        }
        self.exited
    }

    /// Whether it still runs.
    pub fn is_running(&mut self) -> bool {
        self.exited.is_none() && {
            self.exited = self.child.try_wait().expect("try_wait");
            self.exited.is_none()
        }
    }

    /// What it said on its standard error.
    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        if self.exited.is_none() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// A fresh folder for a test's files.
pub fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("zns-sender-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a scratch folder");
    dir
}

/// Writes `text` to `dir/name`; its path.
pub fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write a file");
    path.display().to_string()
}
