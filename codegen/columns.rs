//! The columns of data/zns_error_codes.csv, defined once.
//!
//! The reader checks each cell by its column's kind, the emitter writes one
//! array per column, the docs show the texts and values in this order, and
//! the page tools know which columns copy the page. Adding a column to the
//! table is adding it here and to the data (and, for a new vocabulary, its
//! enum in src/code/vocabulary.rs; for users, an accessor in src/code/error_code.rs).

use super::vocabulary::{Category, Retry, Scope};

/// One value a label column accepts: its CSV spelling and its Rust variant.
pub type Label = (&'static str, &'static str);

/// A closed vocabulary: the enum of src/code/vocabulary.rs behind a label column.
#[derive(Debug, PartialEq, Eq)]
pub struct Vocabulary {
    /// The enum's name in the crate.
    pub type_name: &'static str,
    pub labels: &'static [Label],
}

impl Vocabulary {
    /// The label spelt exactly `spelling`.
    pub fn find(&self, spelling: &str) -> Option<&'static Label> {
        self.labels.iter().find(|l| l.0 == spelling)
    }

    /// Every spelling, in the enum's order.
    pub fn spellings(&self) -> Vec<&'static str> {
        self.labels.iter().map(|l| l.0).collect()
    }
}

/// What a column holds, and so how its cells are checked.
#[derive(Debug, PartialEq, Eq)]
pub enum Kind {
    /// The code: a whole number, unique in the table.
    Code,
    /// The Rust name of the code: UpperCamelCase, unique ignoring case.
    Variant,
    /// Text copied verbatim from the page's column `heading`.
    Page {
        heading: &'static str,
        required: bool,
    },
    /// The English translation of the column `of`: empty exactly where it is.
    English { of: &'static str },
    /// One value of a vocabulary.
    Label(&'static Vocabulary),
    /// A date written `YYYY-MM-DD`, or nothing: the tools write it, an
    /// editor never types it.
    Date,
}

/// A column of the table.
#[derive(Debug, PartialEq, Eq)]
pub struct Column {
    /// The header's name of the column.
    pub name: &'static str,
    pub kind: Kind,
    /// The generated array that holds the column (none for the code and the
    /// variant, which the enum itself holds).
    pub array: &'static str,
    /// The heading of the column's section in each code's documentation.
    pub title: &'static str,
}

impl Column {
    /// Whether a row may leave the column empty.
    pub fn is_optional_text(&self) -> bool {
        matches!(
            self.kind,
            Kind::Page {
                required: false,
                ..
            } | Kind::English { .. }
                | Kind::Date
        )
    }
}

pub const CODE: &str = "code";
pub const VARIANT: &str = "variant";
pub const DESCRIPTION: &str = "description";
pub const INFO_VI: &str = "info_vi";
pub const REMEDY_VI: &str = "remedy_vi";
pub const CATEGORY: &str = "category";
pub const RETRY: &str = "retry";
pub const SCOPE: &str = "scope";
pub const INFO_EN: &str = "info_en";
pub const REMEDY_EN: &str = "remedy_en";
pub const DROPPED_ON: &str = "dropped_on";

pub static CATEGORIES: Vocabulary = Vocabulary {
    type_name: Category::TYPE_NAME,
    labels: Category::LABELS,
};
pub static RETRIES: Vocabulary = Vocabulary {
    type_name: Retry::TYPE_NAME,
    labels: Retry::LABELS,
};
pub static SCOPES: Vocabulary = Vocabulary {
    type_name: Scope::TYPE_NAME,
    labels: Scope::LABELS,
};

/// The columns, in the order the file keeps them.
pub static COLUMNS: &[Column] = &[
    Column {
        name: CODE,
        kind: Kind::Code,
        array: "",
        title: "Code",
    },
    Column {
        name: VARIANT,
        kind: Kind::Variant,
        array: "",
        title: "Variant",
    },
    Column {
        name: DESCRIPTION,
        kind: Kind::Page {
            heading: "Mô tả lỗi",
            required: true,
        },
        array: "DESCRIPTIONS",
        title: "Description",
    },
    Column {
        name: INFO_VI,
        kind: Kind::Page {
            heading: "Thông tin lỗi",
            required: false,
        },
        array: "INFO_VI",
        title: "Thông tin lỗi",
    },
    Column {
        name: REMEDY_VI,
        kind: Kind::Page {
            heading: "Hướng dẫn xử lý",
            required: false,
        },
        array: "REMEDY_VI",
        title: "Hướng dẫn xử lý",
    },
    Column {
        name: CATEGORY,
        kind: Kind::Label(&CATEGORIES),
        array: "CATEGORIES",
        title: "Category",
    },
    Column {
        name: RETRY,
        kind: Kind::Label(&RETRIES),
        array: "RETRIES",
        title: "Retry",
    },
    Column {
        name: SCOPE,
        kind: Kind::Label(&SCOPES),
        array: "SCOPES",
        title: "Scope",
    },
    Column {
        name: INFO_EN,
        kind: Kind::English { of: INFO_VI },
        array: "INFO_EN",
        title: "Info",
    },
    Column {
        name: REMEDY_EN,
        kind: Kind::English { of: REMEDY_VI },
        array: "REMEDY_EN",
        title: "Remedy",
    },
    Column {
        name: DROPPED_ON,
        kind: Kind::Date,
        array: "DROPPED_ON",
        title: "Dropped from Zalo's page",
    },
];

/// A value of one column that asks for a value of another: a row whose
/// `if_column` is `is` must have `then_column` equal to `must`.
#[derive(Debug, PartialEq, Eq)]
pub struct Rule {
    pub if_column: &'static str,
    pub is: &'static str,
    pub then_column: &'static str,
    pub must: &'static str,
}

const fn rule(
    if_column: &'static str,
    is: &'static str,
    then_column: &'static str,
    must: &'static str,
) -> Rule {
    Rule {
        if_column,
        is,
        then_column,
        must,
    }
}

/// The labels that go together, so that a program can rely on them: only a
/// sent message needs no retry and blocks nothing, and a failure that sends
/// the message through another channel blocks only that recipient.
pub static RULES: &[Rule] = &[
    rule(CATEGORY, SUCCESS, RETRY, NOT_NEEDED),
    rule(RETRY, NOT_NEEDED, CATEGORY, SUCCESS),
    rule(CATEGORY, SUCCESS, SCOPE, NOTHING),
    rule(SCOPE, NOTHING, CATEGORY, SUCCESS),
    rule(RETRY, Retry::Never.as_str(), SCOPE, RECIPIENT),
    rule(RETRY, Retry::OtherChannel.as_str(), SCOPE, RECIPIENT),
];

// The spellings the rules name, from the label types themselves.
const SUCCESS: &str = Category::Success.as_str();
const NOT_NEEDED: &str = Retry::NotNeeded.as_str();
const NOTHING: &str = Scope::Nothing.as_str();
const RECIPIENT: &str = Scope::Recipient.as_str();

/// The position of the column named `name` in [`COLUMNS`].
pub fn index(name: &str) -> Option<usize> {
    COLUMNS.iter().position(|c| c.name == name)
}

/// The names of the columns, in order.
pub fn names() -> Vec<&'static str> {
    COLUMNS.iter().map(|c| c.name).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_arrays_are_unique() {
        let mut names = names();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), COLUMNS.len());
        let mut arrays: Vec<&str> = COLUMNS
            .iter()
            .map(|c| c.array)
            .filter(|a| !a.is_empty())
            .collect();
        let count = arrays.len();
        arrays.sort_unstable();
        arrays.dedup();
        assert_eq!(arrays.len(), count);
    }

    #[test]
    fn rules_name_label_columns_and_their_values() {
        for rule in RULES {
            for (name, value) in [(rule.if_column, rule.is), (rule.then_column, rule.must)] {
                let Some(Kind::Label(vocabulary)) = index(name).map(|i| &COLUMNS[i].kind) else {
                    panic!("{name} is not a label column");
                };
                assert!(
                    vocabulary.find(value).is_some(),
                    "{name} has no value {value}"
                );
            }
        }
    }

    #[test]
    fn the_code_and_the_variant_come_first_and_translations_name_a_page_column() {
        assert_eq!(COLUMNS[0].kind, Kind::Code);
        assert_eq!(COLUMNS[1].kind, Kind::Variant);
        for column in COLUMNS {
            if let Kind::English { of } = column.kind {
                assert!(matches!(
                    index(of).map(|i| &COLUMNS[i].kind),
                    Some(Kind::Page {
                        required: false,
                        ..
                    })
                ));
            }
            assert_eq!(column.array.is_empty(), index(column.name) < Some(2));
        }
    }
}
