//! The command line: a command, its arguments, and `--lang`.

use crate::codegen::messages::{Lang, Phrase, Text};
use crate::{date, text};

/// What to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    Help(Text),
    Check { csv: Option<String> },
    PageDiff(crate::page_diff::Request),
    ReleasedApi,
}

/// A command line, read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Command {
    pub action: Action,
    /// The language `--lang` asks for.
    pub lang: Option<Lang>,
}

impl Command {
    /// Whether the command reads a page over HTTPS (`page-diff --live`, or
    /// `page-diff https://…`), which a build without the feature `https`
    /// cannot.
    pub fn reads_https(&self) -> bool {
        match &self.action {
            Action::PageDiff(request) => request.page.to_ascii_lowercase().starts_with("https://"),
            _ => false,
        }
    }
}

/// Reads the arguments; `Err` says what is wrong, with the language asked
/// for when `--lang` could be read.
pub fn parse(args: &[String]) -> Result<Command, (Phrase, Option<Lang>)> {
    let mut lang = None;
    let mut rest: Vec<&str> = Vec::new();
    let mut iter = args.iter().map(String::as_str);
    while let Some(arg) = iter.next() {
        let value = match arg.strip_prefix("--lang") {
            Some("") => iter.next(),
            Some(tail) if tail.starts_with('=') => Some(&tail[1..]),
            _ => {
                rest.push(arg);
                continue;
            }
        };
        lang = match value {
            Some("en") => Some(Lang::En),
            Some("vi") => Some(Lang::Vi),
            Some(other) => return Err((Phrase::new(text::BAD_LANG).with("value", other), None)),
            None => return Err((text::LANG_NEEDS_VALUE.into(), None)),
        };
    }
    let fail = |phrase: Phrase| Err((phrase, lang));
    let help = |rest: &[&str]| rest.iter().any(|a| *a == "-h" || *a == "--help");
    let action = match rest.split_first() {
        None => return fail(text::NO_COMMAND.into()),
        Some((first, _)) if *first == "-h" || *first == "--help" || *first == "help" => {
            Action::Help(text::HELP)
        }
        Some((&"check", args)) => {
            if help(args) {
                Action::Help(text::HELP_CHECK)
            } else {
                match args {
                    [] => Action::Check { csv: None },
                    [option, ..] if option.starts_with('-') => {
                        return fail(unknown_option("check", option));
                    }
                    [csv] => Action::Check {
                        csv: Some((*csv).to_owned()),
                    },
                    [_, extra, ..] => return fail(too_many("check", extra)),
                }
            }
        }
        Some((&"page-diff", args)) => {
            if help(args) {
                Action::Help(text::HELP_PAGE_DIFF)
            } else {
                let mut page = None;
                let mut apply = false;
                let mut saved_on = None;
                let mut report = None;
                let mut args = args.iter();
                while let Some(arg) = args.next() {
                    match *arg {
                        "--apply" => apply = true,
                        "--live" if page.is_none() => {
                            page = Some(crate::fetch::OFFICIAL_PAGE.to_owned());
                        }
                        "--live" => return fail(too_many("page-diff", "--live")),
                        "--report" => match args.next() {
                            Some(file) if !file.starts_with('-') => {
                                report = Some((*file).to_owned());
                            }
                            _ => {
                                return fail(
                                    Phrase::new(text::MISSING_VALUE)
                                        .with("option", "--report")
                                        .with("command", "page-diff"),
                                );
                            }
                        },
                        "--saved-on" => match args.next() {
                            Some(value) if date::is_date(value) => {
                                saved_on = Some((*value).to_owned())
                            }
                            Some(value) => {
                                return fail(Phrase::new(text::BAD_DATE).with("value", value));
                            }
                            None => {
                                return fail(
                                    Phrase::new(text::MISSING_VALUE)
                                        .with("option", "--saved-on")
                                        .with("command", "page-diff"),
                                );
                            }
                        },
                        option if option.starts_with('-') && option.len() > 1 => {
                            return fail(unknown_option("page-diff", option));
                        }
                        path if page.is_none() => page = Some(path.to_owned()),
                        extra => return fail(too_many("page-diff", extra)),
                    }
                }
                match page {
                    Some(page) => Action::PageDiff(crate::page_diff::Request {
                        page,
                        apply,
                        saved_on,
                        report,
                    }),
                    None => return fail(text::MISSING_PAGE.into()),
                }
            }
        }
        Some((&"released-api", args)) => match args {
            _ if help(args) => Action::Help(text::HELP_RELEASED_API),
            [] => Action::ReleasedApi,
            [option, ..] if option.starts_with('-') => {
                return fail(unknown_option("released-api", option));
            }
            [extra, ..] => return fail(too_many("released-api", extra)),
        },
        Some((other, _)) => return fail(Phrase::new(text::UNKNOWN_COMMAND).with("command", other)),
    };
    Ok(Command { action, lang })
}

fn unknown_option(command: &str, option: &str) -> Phrase {
    Phrase::new(text::UNKNOWN_OPTION)
        .with("command", command)
        .with("option", option)
}

fn too_many(command: &str, argument: &str) -> Phrase {
    Phrase::new(text::TOO_MANY_ARGUMENTS)
        .with("command", command)
        .with("argument", argument)
}
