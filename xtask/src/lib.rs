//! The maintainers' tools of zalo-zns-errors, run as `cargo xtask …`.
//!
//! They read data/zns_error_codes.csv with the generator's own reader (the
//! code build.rs runs, included from ../codegen), so they keep working while
//! the table is broken and the library does not build, and their
//! dependencies never reach the library's users.

#[allow(
    dead_code,
    reason = "the tools use the reader and the messages, not the code emitters"
)]
#[path = "../../codegen/mod.rs"]
pub mod codegen;
pub mod codegen_tools;

pub mod apply;
pub mod check;
pub mod cli;
pub mod date;
pub mod diff;
pub mod fetch;
pub mod html;
pub mod page;
pub mod page_diff;
pub mod released_api;
pub mod report;
pub mod split;
pub mod table_row;
pub mod text;
pub mod workspace;

use codegen::messages::{Lang, Phrase};

/// What a command printed, and its exit status: 0 fine, 1 something was
/// found, 2 the command could not run.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub stdout: String,
    pub stderr: String,
    pub status: u8,
}

impl Outcome {
    /// A command that could not run, with the reason.
    pub fn cannot_run(reason: String) -> Outcome {
        Outcome {
            stdout: String::new(),
            stderr: reason + "\n",
            status: 2,
        }
    }
}

/// Runs the command line `args` (without the program's name) in the
/// workspace at `root`, in the language `--lang` or `locale` asks for.
pub fn run(args: &[String], locale: &str, root: &std::path::Path) -> Outcome {
    let command = match cli::parse(args) {
        Ok(command) => command,
        Err((phrase, lang)) => {
            let lang = lang.unwrap_or_else(|| Lang::from_locale(locale));
            return Outcome::cannot_run(phrase.render(lang));
        }
    };
    let lang = command.lang.unwrap_or_else(|| Lang::from_locale(locale));
    match command.action {
        cli::Action::Help(text) => Outcome {
            // The page's address is one constant; the help names it.
            stdout: format!(
                "{}\n",
                Phrase::new(text)
                    .with("page", fetch::OFFICIAL_PAGE)
                    .render(lang)
            ),
            ..Outcome::default()
        },
        cli::Action::Check { csv } => check::run(root, csv.as_deref(), lang),
        cli::Action::PageDiff(request) => {
            page_diff::run(root, &request, &fetch::Limits::default(), lang)
        }
        cli::Action::ReleasedApi => released_api::run(root, lang),
    }
}
