//! `cargo xtask …`: see `cargo xtask --help`.

use std::io::Write as _;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let Some(status) = again_with_https(&args) {
        return status;
    }
    // The first of these that is set names the language, as gettext reads them.
    let locale = ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .find_map(|name| std::env::var(name).ok().filter(|v| !v.is_empty()))
        .unwrap_or_default();
    let outcome = xtask::run(&args, &locale, &xtask::workspace::root());
    let _ = std::io::stdout().write_all(outcome.stdout.as_bytes());
    let _ = std::io::stderr().write_all(outcome.stderr.as_bytes());
    ExitCode::from(outcome.status)
}

/// Set in the command run again, which must not run itself again.
const AGAIN: &str = "ZNS_XTASK_WITH_HTTPS";

/// A build without the feature `https` (as `cargo test` builds the tools)
/// runs a command that reads an https:// page again through Cargo, as
/// `cargo run -p xtask --features https -- ARGS`, and gives its exit status:
/// so `cargo xtask page-diff --live` reads Zalo's page, and TLS is built only
/// for it. `None`: this process runs the command (it needs no HTTPS, or this
/// build has it, or it was not started by Cargo, or Cargo could not start;
/// the command then says what is missing).
fn again_with_https(args: &[String]) -> Option<ExitCode> {
    if xtask::fetch::HAS_HTTPS || std::env::var_os(AGAIN).is_some() {
        return None;
    }
    if !xtask::cli::parse(args).is_ok_and(|command| command.reads_https()) {
        return None;
    }
    // Cargo names itself to the programs it runs. Its progress shows: the
    // first such run builds TLS.
    let cargo = std::env::var_os("CARGO")?;
    let status = std::process::Command::new(cargo)
        .args(["run", "--manifest-path"])
        .arg(concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml"))
        .args(["--package", "xtask", "--features", "https", "--"])
        .args(args)
        .env(AGAIN, "1")
        .status()
        .ok()?;
    Some(ExitCode::from(
        status
            .code()
            .map_or(2, |code| u8::try_from(code).unwrap_or(2)),
    ))
}
