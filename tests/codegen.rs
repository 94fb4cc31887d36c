//! The generator's unit tests (in codegen/), run without a build: the module is
//! compiled into this test crate the way build.rs compiles it. Below them, a
//! property test over random tables.

#[allow(dead_code)]
#[path = "../codegen/mod.rs"]
mod codegen;

use proptest::prelude::*;
use syn::{Expr, Item, Lit};

use codegen::vocabulary::{Category, Retry};

/// One random row, before it is written as CSV.
#[derive(Debug, Clone)]
struct RandomRow {
    code: i32,
    description: String,
    info: Option<(String, String)>,
    remedy: Option<(String, String)>,
    category: Category,
    retry: Retry,
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
}

fn pair() -> impl Strategy<Value = Option<(String, String)>> {
    proptest::option::of((cell_text(), cell_text()))
}

fn rows() -> impl Strategy<Value = Vec<RandomRow>> {
    // Compact codes get a dense index, spread ones a sorted one: both kinds.
    let codes = prop_oneof![
        proptest::collection::hash_set(-300..300i32, 1..30),
        proptest::collection::hash_set(any::<i32>(), 1..30),
    ];
    codes.prop_flat_map(|codes| {
        let codes: Vec<i32> = codes.into_iter().collect();
        let n = codes.len();
        (
            Just(codes),
            proptest::collection::vec(
                (
                    cell_text(),
                    pair(),
                    pair(),
                    proptest::sample::select(Category::ALL),
                    proptest::sample::select(Retry::ALL),
                ),
                n,
            ),
        )
            .prop_map(|(codes, cells)| {
                codes
                    .into_iter()
                    .zip(cells)
                    .map(
                        |(code, (description, info, remedy, category, retry))| RandomRow {
                            code,
                            description,
                            info,
                            remedy,
                            category,
                            retry,
                        },
                    )
                    .collect()
            })
    })
}

fn to_csv(rows: &[RandomRow]) -> Vec<u8> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(codegen::table::COLUMNS).unwrap();
    for (i, row) in rows.iter().enumerate() {
        let (info_vi, info_en) = row.info.clone().unwrap_or_default();
        let (remedy_vi, remedy_en) = row.remedy.clone().unwrap_or_default();
        writer
            .write_record([
                row.code.to_string(),
                format!("Row{i}"),
                row.description.clone(),
                info_vi,
                remedy_vi,
                row.category.as_str().to_owned(),
                row.retry.as_str().to_owned(),
                info_en,
                remedy_en,
            ])
            .unwrap();
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
        let generated = codegen::generate(&csv).expect("a valid table generates");
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

        let descriptions = array(&file, "DESCRIPTIONS");
        let info_vi = array(&file, "INFO_VI");
        let remedy_vi = array(&file, "REMEDY_VI");
        let info_en = array(&file, "INFO_EN");
        let remedy_en = array(&file, "REMEDY_EN");
        for (i, row) in rows.iter().enumerate() {
            prop_assert_eq!(&string(&descriptions[i]), &row.description);
            prop_assert_eq!(optional_string(&info_vi[i]), row.info.clone().map(|p| p.0));
            prop_assert_eq!(optional_string(&info_en[i]), row.info.clone().map(|p| p.1));
            prop_assert_eq!(optional_string(&remedy_vi[i]), row.remedy.clone().map(|p| p.0));
            prop_assert_eq!(optional_string(&remedy_en[i]), row.remedy.clone().map(|p| p.1));
        }

        // Text directions and other invisible characters never reach the file raw.
        for c in ['\u{202a}', '\u{202b}', '\u{202c}', '\u{202d}', '\u{202e}', '\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}'] {
            prop_assert!(!generated.code.contains(c));
        }
        prop_assert!(!generated.code.contains('\r'));

        // The same table gives the same bytes.
        prop_assert_eq!(codegen::generate(&csv).unwrap().code, generated.code);
    }
}

#[test]
fn the_real_table_generates_the_same_bytes_every_time() {
    let csv = include_bytes!("../data/zns_error_codes.csv");
    let first = codegen::generate(csv).expect("the real table is valid");
    for _ in 0..3 {
        let again = codegen::generate(csv).unwrap();
        assert_eq!(again.code, first.code);
        assert_eq!(again.markdown, first.markdown);
    }
}
