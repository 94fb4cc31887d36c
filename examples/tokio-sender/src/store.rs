//! The sender's own store: one file of JSON lines, a journal.
//!
//! Each line is what one turn under the lock changed: the OA's state
//! (`OaState` as serde writes it), the pair of tokens, queued messages with
//! their `Attempts`, finished messages. The line is written before the lock
//! is released, so the file always says what the state decided: a new pair
//! is in the file before any worker can send with it. At start-up the lines
//! are read back in order, the last word on each thing winning (a torn last
//! line, from a crash in the middle of a write, is dropped: its turn never
//! happened), and the file is rewritten as one line.
//!
//! A line per change, rather than the whole file each time: rewriting 500
//! queued messages after every answer costs milliseconds under the lock, and
//! the lock is what every worker waits for. A real sender keeps the same
//! things in a database, one row per message and one for the OA, changed in
//! one transaction per turn; it would also sync to disk, which this one does
//! not.

use std::collections::BTreeMap;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use serde::{Deserialize, Serialize};
use zalo_zns_errors::{Attempts, OaState};

use crate::sender::{Message, Outcome};

/// The access token and the refresh token of the OA's current pair.
///
/// They are always the pair of the stored state's current token: the line
/// that changes one changes the other (`record_refresh`'s new pair is
/// written with the state that gave it its id), so on reading the file back
/// their id is `OaState::token()`. (`TokenId` itself cannot be stored: it
/// has no `Serialize` and no number to read.)
#[derive(Clone, Serialize, Deserialize)]
pub(crate) struct Tokens {
    pub(crate) access_token: String,
    pub(crate) refresh_token: String,
}

/// A message in the queue, with what happened to it so far.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Queued {
    pub(crate) message: Message,
    pub(crate) attempts: Attempts,
    /// When it is next due (a wait or a retry the state asked for).
    pub(crate) due: SystemTime,
}

/// Everything the store holds.
pub(crate) struct Book {
    pub(crate) oa: OaState,
    pub(crate) tokens: Tokens,
    /// The messages not finished, by tracking id.
    pub(crate) queue: BTreeMap<String, Queued>,
    /// The messages finished, by tracking id.
    pub(crate) outcomes: BTreeMap<String, Outcome>,
}

/// One line, as written: what one turn changed.
#[derive(Serialize)]
pub(crate) struct Line<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) oa: Option<&'a OaState>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) tokens: Option<&'a Tokens>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub(crate) queued: BTreeMap<&'a str, &'a Queued>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub(crate) finished: BTreeMap<&'a str, &'a Outcome>,
}

impl Line<'_> {
    pub(crate) fn is_empty(&self) -> bool {
        self.oa.is_none()
            && self.tokens.is_none()
            && self.queued.is_empty()
            && self.finished.is_empty()
    }
}

/// One line, as read back.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ReadLine {
    #[serde(default)]
    oa: Option<OaState>,
    #[serde(default)]
    tokens: Option<Tokens>,
    #[serde(default)]
    queued: BTreeMap<String, Queued>,
    #[serde(default)]
    finished: BTreeMap<String, Outcome>,
}

/// The journal file, open for appending.
pub(crate) struct Journal {
    file: File,
    path: PathBuf,
}

fn invalid(path: &Path, line: usize, what: impl std::fmt::Display) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidData,
        format!("{}, line {line}: {what}", path.display()),
    )
}

impl Journal {
    /// Reads the book back from `path` and rewrites the file as one line;
    /// with no file, starts one with the book `new` makes.
    pub(crate) fn open(
        path: &Path,
        new: impl FnOnce() -> io::Result<Book>,
    ) -> io::Result<(Journal, Book)> {
        let book = match fs::read_to_string(path) {
            Ok(text) => Self::replay(path, &text)?,
            Err(error) if error.kind() == io::ErrorKind::NotFound => new()?,
            Err(error) => return Err(error),
        };
        // Compact: the whole book as one line, in a file renamed over the
        // journal, so that a crash leaves the old journal or the new one.
        let line = Line {
            oa: Some(&book.oa),
            tokens: Some(&book.tokens),
            queued: book.queue.iter().map(|(id, q)| (id.as_str(), q)).collect(),
            finished: book
                .outcomes
                .iter()
                .map(|(id, o)| (id.as_str(), o))
                .collect(),
        };
        let temporary = path.with_extension("compacting");
        fs::write(&temporary, Self::encode(&line)?)?;
        fs::rename(&temporary, path)?;
        let file = OpenOptions::new().append(true).open(path)?;
        let journal = Journal {
            file,
            path: path.to_owned(),
        };
        Ok((journal, book))
    }

    fn replay(path: &Path, text: &str) -> io::Result<Book> {
        let mut oa = None;
        let mut tokens = None;
        let mut queue = BTreeMap::new();
        let mut outcomes = BTreeMap::new();
        let lines: Vec<&str> = text.lines().collect();
        for (number, line) in lines.iter().enumerate() {
            let read: ReadLine = match serde_json::from_str(line) {
                Ok(read) => read,
                // The last line, torn by a crash in the middle of its write.
                Err(_) if number + 1 == lines.len() && !text.ends_with('\n') => break,
                Err(error) => return Err(invalid(path, number + 1, error)),
            };
            oa = read.oa.or(oa);
            tokens = read.tokens.or(tokens);
            queue.extend(read.queued);
            for (id, outcome) in read.finished {
                queue.remove(&id);
                outcomes.insert(id, outcome);
            }
        }
        let (Some(oa), Some(tokens)) = (oa, tokens) else {
            return Err(invalid(path, 1, "no OA state or no tokens"));
        };
        Ok(Book {
            oa,
            tokens,
            queue,
            outcomes,
        })
    }

    fn encode(line: &Line<'_>) -> io::Result<Vec<u8>> {
        let mut json = serde_json::to_vec(line)?;
        json.push(b'\n');
        Ok(json)
    }

    /// Appends one line, in one write.
    pub(crate) fn append(&mut self, line: &Line<'_>) -> io::Result<()> {
        self.file.write_all(&Self::encode(line)?).map_err(|error| {
            io::Error::new(error.kind(), format!("{}: {error}", self.path.display()))
        })
    }
}
