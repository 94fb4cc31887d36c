//! Splitting a text copy's run-together cells, on a real browser copy of the
//! page whose cells are known (both saved on 2026-11-30).

mod support;

use xtask::page::{self, Cells};
use xtask::split;

fn fixture() -> Vec<(i32, String, (String, String, String))> {
    let joined = page::read(include_bytes!("pages/official_page.txt")).unwrap();
    let cells = page::read(include_bytes!("pages/official_page_cells.txt")).unwrap();
    joined
        .rows
        .into_iter()
        .zip(cells.rows)
        .map(|(j, c)| {
            let Cells::Joined(text) = j.cells else {
                panic!("run together")
            };
            let Cells::Split {
                description,
                info,
                remedy,
            } = c.cells
            else {
                panic!("apart")
            };
            (j.code, text, (description, info, remedy))
        })
        .collect()
}

fn squeezed(cells: &(String, String, String)) -> (String, String, String) {
    (
        page::squeezed(&cells.0),
        page::squeezed(&cells.1),
        page::squeezed(&cells.2),
    )
}

#[test]
fn every_row_of_a_real_text_copy_splits_into_its_cells() {
    let rows = fixture();
    let acronyms = split::acronyms(
        rows.iter()
            .flat_map(|(_, _, c)| [c.0.as_str(), c.1.as_str(), c.2.as_str()]),
    );
    let mut wrong = Vec::new();
    for (code, text, cells) in rows {
        let guessed = split::cells(&Cells::Joined(text), &acronyms);
        if squeezed(&guessed) != squeezed(&cells) {
            wrong.push(format!(
                "{code}: guessed {guessed:?}, the page has {cells:?}"
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "{} rows split wrong:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

/// A deterministic generator (xorshift).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 as usize
    }
}

#[test]
fn no_text_makes_the_splitter_or_the_page_reader_panic() {
    let pieces = [
        "a",
        "Ab",
        "ZNS",
        "OA",
        "Số",
        "ố",
        "Ứng",
        "ệ",
        "-",
        "- ",
        ")",
        "(",
        " ",
        "\n",
        "\t",
        "1.",
        "-108",
        "0",
        "🇻🇳",
        "\u{301}",
        "ZNSOA",
        "lệKiểm",
        "Mã lỗiMô tả lỗi",
        "<table>",
        "<tr><td>",
        "\r",
        "",
    ];
    let acronyms = split::acronyms(["ZNS OA RSA E2EE"]);
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for _ in 0..20_000 {
        let text: String = (0..rng.next() % 12)
            .map(|_| pieces[rng.next() % pieces.len()])
            .collect();
        let _ = split::cells(&Cells::Joined(text.clone()), &acronyms);
        let known = xtask::table_row::TableRow {
            code: -1,
            variant: "A".into(),
            description: pieces[rng.next() % pieces.len()].into(),
            info: pieces[rng.next() % pieces.len()].into(),
            remedy: pieces[rng.next() % pieces.len()].into(),
            dropped_on: String::new(),
        };
        let _ = split::changed_cell(&known, &text);
        let _ = page::read(format!("Mã lỗiMô tả lỗi\n{text}").as_bytes());
        let _ = page::read(text.as_bytes());
    }
}
