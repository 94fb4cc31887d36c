//! Every sentence the generator says to the person who edits the table, in
//! English and Vietnamese side by side, and the phrases built from them.
//!
//! A sentence names its blanks as `{name}`; a [`Phrase`] fills them with plain
//! text or with other phrases, rendered in the same language. Cargo shows the
//! build's messages in English; `cargo xtask check --lang vi` shows the same
//! problems in Vietnamese.

use std::fmt;

/// The language a message is shown in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    En,
    Vi,
}

/// One sentence in both languages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Text {
    pub en: &'static str,
    pub vi: &'static str,
}

impl Text {
    /// The sentence in `lang`, blanks unfilled.
    pub fn get(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::En => self.en,
            Lang::Vi => self.vi,
        }
    }
}

/// A value that fills a blank.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Arg {
    /// Shown as it is in every language: a number, a name, quoted cell text.
    Plain(String),
    /// Shown in the message's language.
    Phrase(Phrase),
}

/// A sentence with its blanks filled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phrase {
    pub text: Text,
    pub args: Vec<(&'static str, Arg)>,
}

impl Phrase {
    /// A sentence without blanks, or whose blanks are filled by `with`.
    pub fn new(text: Text) -> Phrase {
        Phrase {
            text,
            args: Vec::new(),
        }
    }

    /// Fills the blank `{name}` with plain text.
    pub fn with(mut self, name: &'static str, value: impl fmt::Display) -> Phrase {
        self.args.push((name, Arg::Plain(value.to_string())));
        self
    }

    /// Fills the blank `{name}` with a phrase in the same language.
    pub fn with_phrase(mut self, name: &'static str, value: Phrase) -> Phrase {
        self.args.push((name, Arg::Phrase(value)));
        self
    }

    /// The sentence in `lang`, every blank filled. A blank without a value is
    /// left as `{name}`, which a test of each message would show.
    pub fn render(&self, lang: Lang) -> String {
        let template = self.text.get(lang);
        let mut out = String::with_capacity(template.len() + 32);
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            match after.find('}').map(|close| (&after[..close], close)) {
                Some((name, close)) if is_blank_name(name) => {
                    match self.args.iter().find(|(n, _)| *n == name) {
                        Some((_, Arg::Plain(value))) => out.push_str(value),
                        Some((_, Arg::Phrase(phrase))) => out.push_str(&phrase.render(lang)),
                        None => {
                            out.push('{');
                            out.push_str(name);
                            out.push('}');
                        }
                    }
                    rest = &after[close + 1..];
                }
                _ => {
                    out.push('{');
                    rest = after;
                }
            }
        }
        out.push_str(rest);
        out
    }
}

impl From<Text> for Phrase {
    fn from(text: Text) -> Phrase {
        Phrase::new(text)
    }
}

/// A number of cells, as a phrase: "1 cell", "3 cells".
pub fn cells(count: usize) -> Phrase {
    if count == 1 {
        ONE_CELL.into()
    } else {
        Phrase::new(CELLS).with("count", count)
    }
}

pub(crate) fn is_blank_name(name: &str) -> bool {
    !name.is_empty() && name.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')
}

/// Defines each sentence once, as a constant, and the list of them all.
/// The tools in xtask/ define their own sentences with it (`Text` must be in
/// scope where it is used).
macro_rules! catalogue {
    ($( $(#[$doc:meta])* $name:ident = $en:literal / $vi:literal; )+) => {
        $( $(#[$doc])* pub const $name: Text = Text { en: $en, vi: $vi }; )+
        /// Every sentence, by its constant's name.
        #[allow(dead_code, reason = "the build renders one sentence at a time; the tools' tests read them all")]
        pub const ALL: &[(&str, Text)] = &[ $( (stringify!($name), $name), )+ ];
    };
}
#[allow(
    unused_imports,
    reason = "the tools' text catalogue uses the macro; the build does not"
)]
pub(crate) use catalogue;

catalogue! {
    // Where a problem is.
    AT_ROW = "row {row}" / "hàng {row}";
    AT_CODE = " (code {code})" / " (mã {code})";
    AT_COLUMN = "column {letter} `{name}`" / "cột {letter} `{name}`";
    FIX = "Fix:" / "Cách sửa:";

    // Fragments other sentences use.
    SAVE_AS_CSV_UTF8 =
        "save the file again as \"CSV UTF-8 (Comma delimited)\" (Excel: File > Save As; LibreOffice: File > Save As > Text CSV, character set Unicode (UTF-8), field delimiter \",\"; Google Sheets: File > Download > CSV)."
        / "lưu lại tệp dưới dạng \"CSV UTF-8 (Comma delimited)\" (Excel: File > Save As; LibreOffice: File > Save As > Text CSV, bộ ký tự Unicode (UTF-8), dấu phân cách \",\"; Google Sheets: File > Download > CSV).";
    GET_THE_FILE_BACK =
        "get the file back as it was: in the project's page on GitHub, open data/zns_error_codes.csv and use \"Download raw file\", or ask a developer to restore it"
        / "lấy lại tệp như trước: trên trang GitHub của dự án, mở data/zns_error_codes.csv và bấm \"Download raw file\", hoặc nhờ một lập trình viên khôi phục";
    OPEN_AS_UTF8 =
        "open it as UTF-8: in Excel, Data > From Text/CSV, File origin \"65001: Unicode (UTF-8)\", Delimiter \"Comma\"; in LibreOffice, File > Open, Character set \"Unicode (UTF-8)\", Separator \"Comma\""
        / "mở tệp theo UTF-8: trong Excel, Data > From Text/CSV, File origin \"65001: Unicode (UTF-8)\", Delimiter \"Comma\"; trong LibreOffice, File > Open, Character set \"Unicode (UTF-8)\", Separator \"Comma\"";
    SEMICOLONS = "semicolons (;)" / "dấu chấm phẩy (;)";
    TABS = "tabs" / "các ký tự tab";
    DID_YOU_MEAN = " (did you mean `{name}`?)" / " (có phải ý bạn là `{name}`?)";
    SAME_IGNORING_CASE =
        " (as {other}; names are compared ignoring capital letters)"
        / " (là {other}; tên được so sánh không phân biệt chữ hoa, chữ thường)";
    SUCH_AS = " such as {name}" / "; ví dụ {name}";
    ONE_CELL = "1 cell" / "1 ô";
    CELLS = "{count} cells" / "{count} ô";

    // The file as a whole.
    FILE_UNREADABLE =
        "the error table cannot be read ({error})."
        / "không đọc được bảng mã lỗi ({error}).";
    FILE_UNREADABLE_FIX =
        "check that the file is at this place and that no other program has it locked; if it is gone, {get_back}."
        / "kiểm tra tệp có ở đúng chỗ này và không bị chương trình khác khoá; nếu tệp đã mất, {get_back}.";
    NOT_UTF8 =
        "the file is not UTF-8 text (it was probably saved in a Windows code page such as Windows-1258, which breaks Vietnamese letters)."
        / "tệp không phải văn bản UTF-8 (có lẽ đã được lưu theo bảng mã Windows như Windows-1258, làm hỏng chữ tiếng Việt).";
    CSV_UNREADABLE =
        "the line could not be read as CSV ({error})."
        / "không đọc được dòng này theo định dạng CSV ({error}).";
    NO_ROWS =
        "the table has no rows: there must be a header row and then one row for each code."
        / "bảng không có hàng nào: phải có một hàng tiêu đề, rồi mỗi mã lỗi một hàng.";
    NO_ROWS_FIX =
        "{get_back}; or type the header row {header} and then one row for each code."
        / "{get_back}; hoặc gõ hàng tiêu đề {header} rồi mỗi mã lỗi một hàng.";
    WRONG_SEPARATOR =
        "the cells of the file are separated by {separator}, not by commas."
        / "các ô trong tệp được phân cách bằng {separator}, không phải bằng dấu phẩy.";
    WRONG_SEPARATOR_FIX =
        "{save_as} If Excel keeps writing semicolons, set the list separator to \",\" in Windows' region settings, or save from LibreOffice or Google Sheets."
        / "{save_as} Nếu Excel vẫn ghi dấu chấm phẩy, đặt dấu phân cách danh sách (list separator) là \",\" trong cài đặt vùng (Region) của Windows, hoặc lưu bằng LibreOffice hay Google Sheets.";
    GARBLED_FILE =
        "the Vietnamese letters of the file are garbled in {cells} (row {row} shows {piece} where it should read {meant}): the file was opened with the wrong encoding and saved again. Excel does this when a UTF-8 file is opened with a double click."
        / "chữ tiếng Việt trong tệp bị lỗi phông ở {cells} (hàng {row} hiện {piece} thay vì {meant}): tệp đã được mở sai bảng mã rồi lưu lại. Excel làm như vậy khi mở tệp UTF-8 bằng cách bấm đúp.";
    GARBLED_FILE_FIX =
        "do not retype the cells: {get_back}; then {open_as}; make your change again and save as CSV UTF-8."
        / "đừng gõ lại các ô: {get_back}; sau đó {open_as}; sửa lại nội dung cần sửa và lưu dưới dạng CSV UTF-8.";
    GARBLED_CELL =
        "the text is garbled: {piece} is how {meant} looks when UTF-8 text is read with the wrong encoding; the cell should read {repaired}."
        / "chữ trong ô bị lỗi phông: {piece} là chữ {meant} khi văn bản UTF-8 bị đọc sai bảng mã; ô này phải là {repaired}.";
    GARBLED_CELL_FIX =
        "do not retype it: copy the cell again from Zalo's page or from a good copy of the table; to read a copy right, {open_as}."
        / "đừng gõ lại: chép lại ô này từ trang của Zalo hoặc từ một bản đúng của bảng; để đọc đúng một bản, {open_as}.";
    TOO_MANY_ROWS =
        "the table has {count} rows, more than the {max} the crate can hold."
        / "bảng có {count} hàng, nhiều hơn {max} hàng mà thư viện chứa được.";
    TOO_MANY_ROWS_FIX =
        "remove the rows that are not ZNS codes."
        / "xoá các hàng không phải mã lỗi ZNS.";

    // The header row.
    HEADER_EXPECTED =
        "the header row must name exactly these columns: {expected}."
        / "hàng tiêu đề phải có đúng các cột sau: {expected}.";
    HEADER_TWICE =
        "the column `{name}` appears twice in the header row, in spreadsheet columns {first} and {second}."
        / "cột `{name}` xuất hiện hai lần trong hàng tiêu đề, ở cột {first} và cột {second}.";
    HEADER_TWICE_FIX =
        "delete one of the two columns, keeping the one with the right text."
        / "xoá một trong hai cột, giữ lại cột có nội dung đúng.";
    HEADER_EMPTY_CELL =
        "the header row has an empty cell."
        / "hàng tiêu đề có một ô trống.";
    HEADER_UNKNOWN =
        "the header row names an unknown column {cell}{hint}."
        / "hàng tiêu đề có tên cột lạ {cell}{hint}.";
    HEADER_MISSING =
        "the header row lacks the column(s) {names}."
        / "hàng tiêu đề thiếu (các) cột {names}.";

    // A row's cells.
    TOO_MANY_CELLS =
        "the row has {found}, but the header row has {wanted}."
        / "hàng này có {found}, nhưng hàng tiêu đề có {wanted}.";
    TOO_MANY_CELLS_FIX =
        "a cell's text was cut in two at a comma. Open the file in a spreadsheet program (not a text editor) and look at this row: put the text that spilled into the next cells back into its own cell, and delete the empty cells left at the end of the row; the program puts quotes around text with commas when it saves."
        / "chữ trong một ô đã bị cắt đôi tại dấu phẩy. Mở tệp bằng chương trình bảng tính (không dùng trình soạn thảo văn bản) và xem hàng này: đưa phần chữ tràn sang các ô bên cạnh về lại đúng ô của nó, và xoá các ô thừa ở cuối hàng; khi lưu, chương trình tự đặt dấu ngoặc kép quanh chữ có dấu phẩy.";
    TOO_FEW_CELLS =
        "the row has {found}, but the header row has {wanted}."
        / "hàng này có {found}, nhưng hàng tiêu đề có {wanted}.";
    TOO_FEW_CELLS_FIX =
        "a cell is missing. In a spreadsheet program, check that each text of this row is under the right column and put back what was deleted; every column needs its cell, even an empty one."
        / "thiếu một ô. Trong chương trình bảng tính, kiểm tra từng nội dung của hàng này có nằm đúng cột không và khôi phục phần đã bị xoá; cột nào cũng cần có ô của nó, kể cả ô trống.";
    CONTROL_CHARACTER =
        "the cell holds {character} at character {position}, where it cannot be seen: {text}."
        / "ô này chứa {character} ở ký tự thứ {position}, là ký tự không nhìn thấy được: {text}.";
    CONTROL_CHARACTER_FIX =
        "click into the cell, delete the text on both sides of the spot marked [U+…] and type it again; invisible characters come with pasted text, and only line breaks are allowed."
        / "bấm vào ô, xoá phần chữ hai bên chỗ được đánh dấu [U+…] rồi gõ lại; ký tự vô hình đi kèm khi dán chữ, và chỉ ký tự xuống dòng là được phép.";
    CELL_EMPTY = "the cell is empty." / "ô này đang trống.";
    NOT_A_DATE =
        "{value} is not a date written YYYY-MM-DD (such as 2027-01-15)."
        / "{value} không phải là ngày viết theo dạng YYYY-MM-DD (ví dụ 2027-01-15).";
    NOT_A_DATE_FIX =
        "write the date as YYYY-MM-DD, as `cargo xtask page-diff PAGE --apply` wrote it (a spreadsheet may have turned it into its own date format: open the file with the column `dropped_on` as Text, as EDITING.md says); leave the cell empty if Zalo's page lists the code."
        / "ghi ngày theo dạng YYYY-MM-DD, như `cargo xtask page-diff PAGE --apply` đã ghi (chương trình bảng tính có thể đã đổi ngày sang định dạng riêng của nó: khi mở tệp, đặt cột `dropped_on` là Text, như EDITING.md hướng dẫn); để trống ô nếu trang của Zalo còn liệt kê mã này.";

    // The column `code`.
    CODE_FIX =
        "write the code as the page shows it: a whole number with its minus sign, without spaces, decimals or other text."
        / "ghi mã như trên trang: một số nguyên có dấu trừ, không có khoảng trắng, phần thập phân hay chữ khác.";
    CODE_TOO_LARGE =
        "{text} is too large for a ZNS code (codes lie between {min} and {max})."
        / "{text} quá lớn đối với một mã ZNS (mã nằm trong khoảng {min} đến {max}).";
    CODE_TOO_LARGE_FIX =
        "check the number against the page; a spreadsheet may have joined two cells."
        / "so số này với trang; chương trình bảng tính có thể đã gộp hai ô làm một.";
    CODE_DASH =
        "{text} starts with {character} instead of the minus sign \"-\" (a web page's dash, pasted)."
        / "{text} bắt đầu bằng {character} thay vì dấu trừ \"-\" (dấu gạch của trang web, bị dán vào).";
    CODE_DASH_FIX =
        "delete the first character and type \"-\" on the keyboard."
        / "xoá ký tự đầu tiên và gõ \"-\" bằng bàn phím.";
    CODE_NOT_NUMBER = "{text} is not a whole number." / "{text} không phải là số nguyên.";
    CODE_DUPLICATE =
        "the code {code} is already used on line {first} (row {first_row})."
        / "mã {code} đã có ở dòng {first} (hàng {first_row}).";
    CODE_DUPLICATE_FIX =
        "keep one row for code {code}: delete or correct one of rows {first_row} and {row}."
        / "chỉ giữ một hàng cho mã {code}: xoá hoặc sửa một trong hai hàng {first_row} và {row}.";

    // The column `variant`.
    VARIANT_EMPTY_FIX =
        "give the code a name made of English words written together, each starting with a capital letter, for example {name}."
        / "đặt cho mã một tên gồm các từ tiếng Anh viết liền nhau, mỗi từ bắt đầu bằng chữ in hoa, ví dụ {name}.";
    VARIANT_EMPTY_NO_SUGGESTION_FIX =
        "give the code a name made of the English words of its description, written together, each starting with a capital letter (for example PhoneNumberInvalid)."
        / "đặt cho mã một tên gồm các từ tiếng Anh trong phần mô tả, viết liền nhau, mỗi từ bắt đầu bằng chữ in hoa (ví dụ PhoneNumberInvalid).";
    VARIANT_INVALID = "the name {name} {why}." / "tên {name} {why}.";
    VARIANT_INVALID_FIX =
        "use a name{suggestion} made of English words written together, each starting with a capital letter: only the letters A-Z and a-z and the digits 0-9, and short forms written like words (Oa, Rsa, Zca, Qr, E2ee)."
        / "dùng một tên gồm các từ tiếng Anh viết liền nhau, mỗi từ bắt đầu bằng chữ in hoa: chỉ gồm chữ A–Z không dấu, a–z và chữ số 0–9, từ viết tắt viết như một từ thường (Oa, Rsa, Zca, Qr, E2ee){suggestion}.";
    NAME_HAS_CHARACTER =
        "contains {character}, but a name may hold only the letters A-Z and a-z and the digits 0-9"
        / "chứa {character}, nhưng tên chỉ được gồm chữ A–Z không dấu, a–z và chữ số 0–9";
    NAME_LOWER_FIRST =
        "does not start with a capital letter A-Z"
        / "không bắt đầu bằng chữ in hoa A–Z";
    NAME_CAPITALS_TOGETHER =
        "has the capitals \"{pair}\" side by side; write a short form like an ordinary word (Id, Oa, Rsa, Qr), so that no two capitals touch"
        / "có hai chữ in hoa \"{pair}\" đứng liền nhau; viết từ viết tắt như một từ thường (Id, Oa, Rsa, Qr), để không có hai chữ in hoa nào đứng cạnh nhau";
    NAME_KEYWORD =
        "is a word the Rust language reserves (`{keyword}`)"
        / "là một từ dành riêng của ngôn ngữ Rust (`{keyword}`)";
    NAME_EMPTY = "is empty" / "đang trống";

    // A character, named for a message.
    CHARACTER_NAMED = "{name} (U+{hex})" / "{name} (U+{hex})";
    CHARACTER_SHOWN = "\"{character}\" (U+{hex})" / "\"{character}\" (U+{hex})";
    CHARACTER_INVISIBLE = "the invisible character U+{hex}" / "ký tự vô hình U+{hex}";
    CHARACTER_CONTROL = "the control character U+{hex}" / "ký tự điều khiển U+{hex}";
    TAB = "a tab" / "một ký tự tab";
    CARRIAGE_RETURN = "a carriage return" / "một ký tự về đầu dòng (carriage return)";
    LINE_BREAK = "a line break" / "một ký tự xuống dòng";
    SPACE = "a space" / "một khoảng trắng";
    NO_BREAK_SPACE = "a non-breaking space" / "một khoảng trắng không ngắt dòng (non-breaking space)";
    VARIANT_DUPLICATE =
        "the name {name} is already used on line {first} (row {first_row}){same}."
        / "tên {name} đã được dùng ở dòng {first} (hàng {first_row}){same}.";
    VARIANT_DUPLICATE_FIX =
        "give each code its own name."
        / "đặt cho mỗi mã một tên riêng.";

    // Text copied from the page, and its translation.
    PAGE_TEXT_EMPTY_FIX =
        "copy the text of the page's column \"{heading}\" for this code."
        / "chép nội dung cột \"{heading}\" của trang cho mã này.";
    ENGLISH_MISSING =
        "the cell is empty, but `{of}` has text."
        / "ô này đang trống, nhưng ô `{of}` có nội dung.";
    ENGLISH_MISSING_FIX =
        "write the English translation of `{of}` here, with the same lines."
        / "viết bản dịch tiếng Anh của ô `{of}` vào đây, với cùng số dòng.";
    ENGLISH_WITHOUT_VIETNAMESE =
        "the cell has text, but `{of}` is empty."
        / "ô này có nội dung, nhưng ô `{of}` đang trống.";
    ENGLISH_WITHOUT_VIETNAMESE_FIX =
        "an English cell translates the Vietnamese one: fill in `{of}` from the page, or empty this cell."
        / "ô tiếng Anh là bản dịch của ô tiếng Việt: điền ô `{of}` theo trang, hoặc xoá trống ô này.";

    ENGLISH_LINES =
        "the cell has {found} line(s), but `{of}` has {wanted}."
        / "ô này có {found} dòng, nhưng ô `{of}` có {wanted} dòng.";
    ENGLISH_LINES_FIX =
        "write one line of English for each line of `{of}`, in the same order (Alt+Enter in Excel, Ctrl+Enter in LibreOffice and Google Sheets starts a new line inside a cell)."
        / "viết mỗi dòng tiếng Việt của ô `{of}` thành một dòng tiếng Anh, theo đúng thứ tự (nhấn Alt+Enter trong Excel, Ctrl+Enter trong LibreOffice và Google Sheets để xuống dòng trong ô).";

    // A column of fixed values.
    VALUE_NOT_ALLOWED =
        "{text} is not one of the allowed values."
        / "{text} không phải là một trong các giá trị được phép.";
    VALUE_FIX =
        "write one of: {allowed} (README.md, \"What a code asks of a sender\", gives the rule of each)."
        / "ghi một trong các giá trị: {allowed} (EDITING.md, mục \"Quy tắc chọn category, retry và scope\", giải thích từng giá trị).";

    LABELS_DISAGREE =
        "`{if_column}` is {is}, which goes only with `{then_column}` {must}, but `{then_column}` is {actual}."
        / "`{if_column}` là {is}, chỉ đi cùng `{then_column}` {must}, nhưng `{then_column}` đang là {actual}.";
    LABELS_DISAGREE_FIX =
        "change one of the two cells, following the pairs in EDITING.md, \"Labels that go together\", and the rule of each value (README.md, \"What a code asks of a sender\")."
        / "sửa một trong hai ô, theo quy tắc của từng giá trị (EDITING.md, mục \"Quy tắc chọn category, retry và scope\").";

    // The build's last line.
    SUMMARY =
        "{count} problem(s) in the error table; nothing was generated. Fix each line above, save as CSV UTF-8, and run `cargo test` again. The same list in Vietnamese: cargo xtask check --lang vi"
        / "bảng mã lỗi có {count} lỗi; chưa sinh mã nào. Sửa từng dòng ở trên, lưu dưới dạng CSV UTF-8, rồi chạy lại `cargo test`. Danh sách này bằng tiếng Việt: cargo xtask check --lang vi";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blanks_are_filled_in_the_phrases_language() {
        let phrase = Phrase::new(WRONG_SEPARATOR).with_phrase("separator", SEMICOLONS.into());
        assert_eq!(
            phrase.render(Lang::En),
            "the cells of the file are separated by semicolons (;), not by commas."
        );
        assert_eq!(
            phrase.render(Lang::Vi),
            "các ô trong tệp được phân cách bằng dấu chấm phẩy (;), không phải bằng dấu phẩy."
        );
    }

    #[test]
    fn braces_that_are_not_blanks_stay() {
        let text = Text {
            en: "{a} {B} {} {x",
            vi: "{a}",
        };
        assert_eq!(
            Phrase::new(text).with("a", 1).render(Lang::En),
            "1 {B} {} {x"
        );
    }

    #[test]
    fn a_number_of_cells_is_one_cell_or_so_many_cells() {
        let shown = |count| (cells(count).render(Lang::En), cells(count).render(Lang::Vi));
        assert_eq!(shown(1), ("1 cell".to_owned(), "1 ô".to_owned()));
        assert_eq!(shown(0), ("0 cells".to_owned(), "0 ô".to_owned()));
        assert_eq!(shown(12), ("12 cells".to_owned(), "12 ô".to_owned()));
    }

    #[test]
    fn a_brace_just_before_a_blank_stays_and_the_blank_is_filled() {
        // The page's own marks of a changed word, `{+new+}`, beside a blank.
        let text = Text {
            en: "{{a}} {+{a}+} {a b}{a}",
            vi: "{a}",
        };
        assert_eq!(
            Phrase::new(text).with("a", 1).render(Lang::En),
            "{1} {+1+} {a b}1"
        );
    }
}
