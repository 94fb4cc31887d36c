//! Property tests of the generator: random valid tables come back exactly;
//! text garbled by a wrong encoding is found, and legitimate text is not.

use proptest::prelude::*;
use syn::{Expr, Item, Lit};

use crate::codegen;
use codegen::columns::{COLUMNS, Kind};

/// One random row, before it is written as CSV.
#[derive(Debug, Clone)]
struct RandomRow {
    code: i32,
    description: String,
    /// For each optional page column, in column order: its text and the
    /// English column's, or nothing.
    texts: Vec<Option<(String, String)>>,
    /// For each label column, in column order: the index of its value.
    labels: Vec<usize>,
}

/// Text a cell can hold: any Unicode except control characters other than
/// the line break, with no white space at either end (the reader trims it).
fn cell_text() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        any::<char>().prop_filter("no control characters", |c| !c.is_control() || *c == '\n'),
        1..24,
    )
    .prop_map(|chars| {
        chars
            .into_iter()
            .collect::<String>()
            .trim_matches(char::is_whitespace)
            .to_owned()
    })
    .prop_filter("not empty after trimming", |s| !s.is_empty())
    .prop_filter("not garbled by a wrong encoding", |s| {
        codegen::garbled::find(s).is_none()
    })
}

/// A Vietnamese cell and its English, with as many lines as it (the reader
/// refuses a translation with other lines).
fn translated_pair() -> impl Strategy<Value = (String, String)> {
    (cell_text(), cell_text()).prop_map(|(vi, en)| {
        let flat = en.replace('\n', " ");
        let lines = vi.lines().count().max(1);
        let en = (0..lines)
            .map(|i| format!("{flat}{i}"))
            .collect::<Vec<_>>()
            .join("\n");
        (vi, en)
    })
}

fn optional_page_columns() -> Vec<&'static str> {
    COLUMNS
        .iter()
        .filter(|c| {
            matches!(
                c.kind,
                Kind::Page {
                    required: false,
                    ..
                }
            )
        })
        .map(|c| c.name)
        .collect()
}

/// The English column that translates `page`.
fn english_of(page: &str) -> &'static str {
    COLUMNS
        .iter()
        .find(|c| matches!(c.kind, Kind::English { of } if of == page))
        .map(|c| c.name)
        .expect("every optional page column has its English")
}

fn label_columns() -> Vec<(&'static str, &'static codegen::columns::Vocabulary)> {
    COLUMNS
        .iter()
        .filter_map(|c| match c.kind {
            Kind::Label(vocabulary) => Some((c.name, vocabulary)),
            _ => None,
        })
        .collect()
}

/// Label choices changed until they follow the table's rules
/// (`codegen::columns::RULES`), as a valid table must.
fn follow_rules(mut labels: Vec<usize>) -> Vec<usize> {
    let columns = label_columns();
    let at = |name: &str| columns.iter().position(|(n, _)| *n == name).unwrap();
    let index = |column: usize, spelling: &str| {
        columns[column]
            .1
            .labels
            .iter()
            .position(|l| l.0 == spelling)
            .unwrap()
    };
    loop {
        let mut changed = false;
        for rule in codegen::columns::RULES {
            let (from, to) = (at(rule.if_column), at(rule.then_column));
            if labels[from] == index(from, rule.is) && labels[to] != index(to, rule.must) {
                labels[to] = index(to, rule.must);
                changed = true;
            }
        }
        if !changed {
            return labels;
        }
    }
}

fn rows() -> impl Strategy<Value = Vec<RandomRow>> {
    // Compact codes get a dense index, spread ones a sorted one: both kinds.
    let codes = prop_oneof![
        proptest::collection::hash_set(-300..300i32, 1..30),
        proptest::collection::hash_set(any::<i32>(), 1..30),
    ];
    let texts = optional_page_columns().len();
    let labels: Vec<usize> = label_columns()
        .iter()
        .map(|(_, v)| v.labels.len())
        .collect();
    codes.prop_flat_map(move |codes| {
        let codes: Vec<i32> = codes.into_iter().collect();
        let n = codes.len();
        let label_choices: Vec<_> = labels.iter().map(|&count| 0..count).collect();
        (
            Just(codes),
            proptest::collection::vec(
                (
                    cell_text(),
                    proptest::collection::vec(proptest::option::of(translated_pair()), texts),
                    label_choices,
                ),
                n,
            ),
        )
            .prop_map(|(codes, cells)| {
                codes
                    .into_iter()
                    .zip(cells)
                    .map(|(code, (description, texts, labels))| RandomRow {
                        code,
                        description,
                        texts,
                        labels: follow_rules(labels),
                    })
                    .collect()
            })
    })
}

fn to_csv(rows: &[RandomRow]) -> Vec<u8> {
    let pages = optional_page_columns();
    let labels = label_columns();
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(codegen::columns::names()).unwrap();
    for (i, row) in rows.iter().enumerate() {
        let record: Vec<String> = COLUMNS
            .iter()
            .map(|column| match column.kind {
                Kind::Code => row.code.to_string(),
                Kind::Variant => format!("Row{i}"),
                Kind::Page { required: true, .. } => row.description.clone(),
                Kind::Page { .. } => {
                    let at = pages.iter().position(|&p| p == column.name).unwrap();
                    row.texts[at].clone().map(|t| t.0).unwrap_or_default()
                }
                Kind::English { of } => {
                    let at = pages.iter().position(|&p| p == of).unwrap();
                    row.texts[at].clone().map(|t| t.1).unwrap_or_default()
                }
                Kind::Label(vocabulary) => {
                    let at = labels
                        .iter()
                        .position(|(name, _)| *name == column.name)
                        .unwrap();
                    vocabulary.labels[row.labels[at]].0.to_owned()
                }
                Kind::Date if i % 3 == 0 => format!("2027-01-{:02}", i % 28 + 1),
                Kind::Date => String::new(),
            })
            .collect();
        writer.write_record(record).unwrap();
    }
    writer.into_inner().unwrap()
}

/// The elements of the generated `static NAME: [..] = [..]` array.
fn array<'f>(
    file: &'f syn::File,
    name: &str,
) -> &'f syn::punctuated::Punctuated<Expr, syn::Token![,]> {
    for item in &file.items {
        if let Item::Static(item) = item {
            if item.ident == name {
                if let Expr::Array(array) = &*item.expr {
                    return &array.elems;
                }
            }
        }
    }
    panic!("no static array {name}");
}

fn string(expr: &Expr) -> String {
    match expr {
        Expr::Lit(lit) => match &lit.lit {
            Lit::Str(s) => s.value(),
            _ => panic!("not a string literal"),
        },
        _ => panic!("not a literal"),
    }
}

/// The generated array of the column named `column`.
fn array_of(column: &str) -> &'static str {
    crate::codegen_tools::column(column).unwrap().array
}

fn string_array(file: &syn::File, name: &str) -> Vec<String> {
    array(file, name).iter().map(string).collect()
}

fn optional_array(file: &syn::File, name: &str) -> Vec<Option<String>> {
    array(file, name).iter().map(optional_string).collect()
}

/// A path expression as written, `super::vocabulary::Category::Request`.
fn path(expr: &Expr) -> String {
    match expr {
        Expr::Path(path) => path
            .path
            .segments
            .iter()
            .map(|s| s.ident.to_string())
            .collect::<Vec<_>>()
            .join("::"),
        _ => panic!("not a path"),
    }
}

/// The generated `CODE_INDEX` finds each code's row: a dense array's minimum
/// and span cover the codes exactly, a sorted index lists them in order with
/// their rows.
fn check_index(file: &syn::File, code: &str, codes: &[i32]) -> Result<(), TestCaseError> {
    let index = file
        .items
        .iter()
        .find_map(|item| match item {
            Item::Static(item) if item.ident == "CODE_INDEX" => Some(item),
            _ => None,
        })
        .expect("a CODE_INDEX");
    let (min, max) = (*codes.iter().min().unwrap(), *codes.iter().max().unwrap());
    match codegen::strategy::choose(codes) {
        codegen::strategy::Strategy::Dense { .. } => {
            let span = i64::from(max) - i64::from(min) + 1;
            let ty = format!("static CODE_INDEX: super::lookup::Dense<{{ {min} }}, {span}>");
            prop_assert!(code.contains(&ty), "{} not in the code", ty);
        }
        codegen::strategy::Strategy::Sorted => {
            prop_assert!(code.contains("static CODE_INDEX: super::lookup::Sorted<ROWS>"));
            let Expr::Struct(init) = &*index.expr else {
                panic!("a struct literal");
            };
            let field = |name: &str| -> Vec<i64> {
                let Some(field) = init
                    .fields
                    .iter()
                    .find(|f| matches!(&f.member, syn::Member::Named(id) if id == name))
                else {
                    panic!("no field {name}");
                };
                let Expr::Array(array) = &field.expr else {
                    panic!("not an array")
                };
                array.elems.iter().map(integer).collect()
            };
            let mut expected: Vec<(i64, i64)> = codes
                .iter()
                .enumerate()
                .map(|(row, &c)| (i64::from(c), row as i64))
                .collect();
            expected.sort_unstable();
            prop_assert_eq!(
                field("codes"),
                expected.iter().map(|e| e.0).collect::<Vec<_>>()
            );
            prop_assert_eq!(
                field("rows"),
                expected.iter().map(|e| e.1).collect::<Vec<_>>()
            );
        }
    }
    Ok(())
}

fn optional_string(expr: &Expr) -> Option<String> {
    match expr {
        Expr::Call(call) => Some(string(&call.args[0])),
        Expr::Path(path) if path.path.is_ident("None") => None,
        _ => panic!("not an Option"),
    }
}

/// The value of an integer literal, or of `-` and one.
fn integer(expr: &Expr) -> i64 {
    match expr {
        Expr::Lit(lit) => match &lit.lit {
            Lit::Int(int) => int.base10_parse().unwrap(),
            _ => panic!("not an integer literal"),
        },
        Expr::Unary(unary) => -integer(&unary.expr),
        _ => panic!("not an integer"),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn random_tables_come_back_exactly(rows in rows()) {
        let csv = to_csv(&rows);
        let generated = codegen::generate(&csv).unwrap_or_else(|problems| {
            let shown: Vec<String> = problems.iter().map(|p| p.render("t.csv", codegen::messages::Lang::En)).collect();
            panic!("a valid table generates: {shown:#?}")
        });
        let file = syn::parse_file(&generated.code).expect("the generated code parses");

        // The enum's discriminants are the codes, in order.
        let Some(Item::Enum(errors)) = file.items.iter().find(|i| matches!(i, Item::Enum(_))) else {
            panic!("no enum");
        };
        prop_assert_eq!(errors.variants.len(), rows.len());
        for (variant, row) in errors.variants.iter().zip(&rows) {
            let (_, discriminant) = variant.discriminant.as_ref().unwrap();
            prop_assert_eq!(integer(discriminant), i64::from(row.code));
        }

        prop_assert_eq!(string_array(&file, "DESCRIPTIONS"), rows.iter().map(|r| r.description.clone()).collect::<Vec<_>>());
        for (at, page) in optional_page_columns().into_iter().enumerate() {
            let vi = optional_array(&file, array_of(page));
            let en = optional_array(&file, array_of(english_of(page)));
            for (i, row) in rows.iter().enumerate() {
                prop_assert_eq!(&vi[i], &row.texts[at].clone().map(|t| t.0));
                prop_assert_eq!(&en[i], &row.texts[at].clone().map(|t| t.1));
            }
        }
        for (at, (name, vocabulary)) in label_columns().into_iter().enumerate() {
            let values = array(&file, array_of(name));
            for (i, row) in rows.iter().enumerate() {
                let expected = format!("super::vocabulary::{}::{}", vocabulary.type_name, vocabulary.labels[row.labels[at]].1);
                prop_assert_eq!(path(&values[i]), expected);
            }
        }
        prop_assert_eq!(string_array(&file, "NAMES"), (0..rows.len()).map(|i| format!("Row{i}")).collect::<Vec<_>>());
        check_index(&file, &generated.code, &rows.iter().map(|r| r.code).collect::<Vec<_>>())?;

        // Text directions and other invisible characters never reach the file raw.
        for c in ['\u{202a}', '\u{202b}', '\u{202c}', '\u{202d}', '\u{202e}', '\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}'] {
            prop_assert!(!generated.code.contains(c));
        }
        prop_assert!(!generated.code.contains('\r'));

        // The same table gives the same bytes.
        prop_assert_eq!(codegen::generate(&csv).unwrap().code, generated.code);
    }
}

// Catches a generator that iterates a HashMap (seeded at random for each
// map) or reads the clock: the same table would then give other bytes, and
// every build would recompile its dependents.
#[test]
fn the_real_table_generates_the_same_bytes_every_time() {
    let csv = include_bytes!("../../data/zns_error_codes.csv");
    let first = codegen::generate(csv).expect("the real table is valid");
    for _ in 0..3 {
        let again = codegen::generate(csv).unwrap();
        assert_eq!(again.code, first.code);
        assert_eq!(again.markdown, first.markdown);
    }
}

/// Text as Excel garbles it: UTF-8 bytes read as a Windows code page.
fn garble(text: &str, page: &'static encoding_rs::Encoding) -> String {
    page.decode_without_bom_handling(text.as_bytes())
        .0
        .into_owned()
}

#[test]
fn the_code_pages_are_windows_own() {
    for (table, page) in codegen::garbled::CODE_PAGES
        .iter()
        .zip([encoding_rs::WINDOWS_1252, encoding_rs::WINDOWS_1258])
    {
        for (i, &c) in table.iter().enumerate() {
            let byte = [0x80 + i as u8];
            assert_eq!(
                garble_bytes(&byte, page),
                c.to_string(),
                "{} byte {:#x}",
                page.name(),
                byte[0]
            );
        }
    }
}

fn garble_bytes(bytes: &[u8], page: &'static encoding_rs::Encoding) -> String {
    page.decode_without_bom_handling(bytes).0.into_owned()
}

/// Vietnamese words, English words, emoji and symbols: what real cells hold.
fn legitimate_text() -> impl Strategy<Value = String> {
    let pieces = proptest::sample::select(vec![
        "Số",
        "điện",
        "thoại",
        "không",
        "hợp",
        "lệ",
        "Ứng",
        "dụng",
        "gửi",
        "được",
        "phê",
        "duyệt",
        "Người",
        "dùng",
        "từ",
        "chối",
        "nhận",
        "thất",
        "bại",
        "ví",
        "đủ",
        "dư",
        "khởi",
        "tạo",
        "lại",
        "Phone",
        "number",
        "invalid",
        "OAuth",
        "API",
        "Explorer",
        "<thoigian>",
        "dd/mm/yyyy",
        "84xxxx",
        "(ZCA)",
        "…",
        "–",
        "—",
        "“",
        "”",
        "‘",
        "’",
        "•",
        "₫",
        "€",
        "©",
        "°",
        "🇻🇳",
        "👍🏽",
        "✅",
        "漢字",
        "café",
        "naïve",
        "Ñandú",
        "Æ",
        "ß",
        "\u{a0}",
        "e\u{301}",
        "o\u{302}\u{303}",
        ",",
        ".",
        ":",
        "-",
        "\n",
    ]);
    proptest::collection::vec(pieces, 1..16).prop_map(|words| words.join(" "))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn legitimate_text_is_never_called_garbled(text in legitimate_text()) {
        prop_assert_eq!(codegen::garbled::find(&text), None);
    }

    #[test]
    fn vietnamese_read_as_a_windows_code_page_is_found_and_repaired(
        text in legitimate_text().prop_filter("has Vietnamese letters", |t| t.chars().any(|c| ('\u{1ea0}'..='\u{1ef9}').contains(&c))),
        vietnamese_settings in any::<bool>(),
    ) {
        let page = if vietnamese_settings { encoding_rs::WINDOWS_1258 } else { encoding_rs::WINDOWS_1252 };
        let garbled = garble(&text, page);
        let found = codegen::garbled::find(&garbled);
        prop_assert!(found.is_some(), "{:?} not found", garbled);
        prop_assert_eq!(found.unwrap().repaired, text);
    }
}
