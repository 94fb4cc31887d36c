//! What the tools say, in English and Vietnamese side by side (the table's
//! problems are the generator's sentences, in `codegen::messages`).

use crate::codegen::messages::{Text, catalogue};

catalogue! {
    HELP =
"cargo xtask: the tools for keeping data/zns_error_codes.csv current.

Commands, with what each reads:
  check [CSV]
      checks the table (data/zns_error_codes.csv, or CSV) with the build's
      rules, and its dropped_on dates against the copy of the page beside
      it (data/zns_error_page.txt); lists every problem.
  page-diff PAGE|URL|--live [--apply] [--saved-on YYYY-MM-DD] [--report FILE]
      compares Zalo's page with the table (data/zns_error_codes.csv): PAGE
      is a saved copy of the page, URL its web address, --live the official
      page. --apply writes the page's changes into the table and keeps the
      page as data/zns_error_page.txt, dated --saved-on (default: today);
      --report writes what changed to FILE, as a pull request's body.
  released-api
      reads the table and records the version in Cargo.toml and each
      code's names and labels in tests/released_api.txt as the released API.

Options:
  --lang en|vi    the language of the messages (default: from the
                  first of LC_ALL, LC_MESSAGES and LANG that is set and
                  not empty: vi… gives Vietnamese, anything else English)
  -h, --help      this help; after a command's name, that command's help,
                  which says more (`cargo xtask page-diff --help`)

Exit status: 0 fine, 1 something was found, 2 the command could not run."
    / "cargo xtask: các công cụ để cập nhật bảng data/zns_error_codes.csv.

Các lệnh, và những gì mỗi lệnh đọc:
  check [CSV]
      kiểm tra bảng (data/zns_error_codes.csv, hoặc tệp CSV) theo đúng quy
      tắc khi biên dịch, và đối chiếu các ngày dropped_on với bản lưu trang
      đặt cạnh bảng (data/zns_error_page.txt); liệt kê mọi lỗi.
  page-diff PAGE|URL|--live [--apply] [--saved-on YYYY-MM-DD] [--report FILE]
      so sánh trang của Zalo với bảng (data/zns_error_codes.csv): PAGE là
      một bản lưu của trang, URL là địa chỉ web của trang, --live là trang
      chính thức. --apply ghi các thay đổi của trang vào bảng và giữ trang
      thành data/zns_error_page.txt, với ngày --saved-on (mặc định: hôm nay);
      --report ghi những thay đổi vào FILE, làm nội dung một pull request.
  released-api
      đọc bảng và ghi phiên bản trong Cargo.toml cùng tên và nhãn của từng
      mã vào tests/released_api.txt làm API đã phát hành.

Tuỳ chọn:
  --lang en|vi    ngôn ngữ của thông báo (mặc định: theo biến đầu
                  tiên có giá trị trong LC_ALL, LC_MESSAGES và LANG: vi… cho
                  tiếng Việt, giá trị khác cho tiếng Anh)
  -h, --help      hướng dẫn này; đặt sau tên một lệnh: hướng dẫn của lệnh đó,
                  nói rõ hơn (`cargo xtask page-diff --help`)

Mã thoát: 0 ổn, 1 có phát hiện, 2 lệnh không chạy được.";
    HELP_CHECK =
"cargo xtask check [CSV] [--lang en|vi]

Checks the error table (data/zns_error_codes.csv, or CSV) with exactly the
rules and messages of the build, and lists every problem at once: the file's
line, the spreadsheet's row and column, what is wrong and how to fix it. It
works while the table is broken, without building the library.

It also holds the column dropped_on to the copy of Zalo's page kept beside
the table (data/zns_error_page.txt): a code the copy lacks must have the
date Zalo's page stopped listing it, and a code the copy lists must have none.
`cargo xtask page-diff … --apply` writes and empties these dates; nobody
types them.

Exit status: 0 no problem, 1 problems were found, 2 the file cannot be read."
    / "cargo xtask check [CSV] [--lang en|vi]

Kiểm tra bảng mã lỗi (data/zns_error_codes.csv, hoặc tệp CSV được chỉ định)
theo đúng quy tắc và thông báo khi biên dịch, và liệt kê mọi lỗi cùng lúc: số
dòng trong tệp, hàng và cột trong bảng tính, lỗi là gì và cách sửa. Lệnh chạy
được cả khi bảng đang lỗi, không cần biên dịch thư viện.

Lệnh cũng đối chiếu cột dropped_on với bản lưu trang của Zalo đặt cạnh bảng
(data/zns_error_page.txt): mã nào bản lưu không còn thì phải có ngày Zalo
ngừng liệt kê mã đó, mã nào bản lưu còn liệt kê thì không được có ngày.
`cargo xtask page-diff … --apply` ghi và xoá các ngày này; không ai phải gõ.

Mã thoát: 0 không có lỗi, 1 có lỗi, 2 không đọc được tệp.";
    HELP_PAGE_DIFF =
"cargo xtask page-diff PAGE|URL|--live [--apply] [--saved-on YYYY-MM-DD]
                       [--report FILE] [--lang en|vi]

Compares Zalo's page \"Cách xử lý mã lỗi\" with data/zns_error_codes.csv as it
is on disk: codes that are new, no longer listed or changed, with the changed
words marked [-old-] and {+new+}. PAGE is a saved copy (\"Save page as…\", or
selected, copied and pasted into a text file); URL is read over HTTPS; --live
reads the official page ({page}).
It works while the table has problems, with the rows it can read.

--apply writes the page into the table: the page's text into the columns
description, info_vi and remedy_vi of the changed codes; each new code as a
new row where the page has it, with a suggested variant and its other cells
empty (then `cargo xtask check` lists what to fill in); the page copy's date
in the dropped_on cell of each code the page no longer lists (the row is
never deleted), and an empty dropped_on cell for each code it lists again.
Rows it does not change stay byte for byte as they were. The page is kept as
data/zns_error_page.txt, dated --saved-on (default: today).

--report FILE writes what changed as Markdown, in English and Vietnamese:
the body of a pull request, naming the cells left to fill.

Exit status: 0 the page and the table agree, 1 they differ, 2 the page cannot
be read or is not the error table (nothing is written), or a file cannot be
read or written."
    / "cargo xtask page-diff PAGE|URL|--live [--apply] [--saved-on YYYY-MM-DD]
                       [--report FILE] [--lang en|vi]

So sánh trang \"Cách xử lý mã lỗi\" của Zalo với tệp data/zns_error_codes.csv
hiện có trên máy: các mã mới, không còn được liệt kê hoặc thay đổi, với các từ
thay đổi được đánh dấu [-cũ-] và {+mới+}. PAGE là một bản lưu (\"Save page
as…\", hoặc chọn tất cả, sao chép rồi dán vào một tệp văn bản); URL được đọc
qua HTTPS; --live đọc trang chính thức
({page}). Lệnh chạy được cả khi
bảng đang có lỗi, với những hàng đọc được.

--apply ghi nội dung trang vào bảng: chữ của trang vào các cột description,
info_vi và remedy_vi của các mã thay đổi; mỗi mã mới thành một hàng mới ở đúng
vị trí như trên trang, với tên variant gợi ý và các ô khác để trống (sau đó
`cargo xtask check` liệt kê những ô cần điền); ngày của bản lưu trang vào ô
dropped_on của mỗi mã mà trang không còn liệt kê (hàng không bao giờ bị xoá),
và xoá ô dropped_on của mỗi mã được liệt kê lại. Các hàng không thay đổi giữ
nguyên từng byte. Bản lưu trang được giữ ở data/zns_error_page.txt, ghi ngày
--saved-on (mặc định: hôm nay).

--report FILE ghi những thay đổi dưới dạng Markdown, bằng tiếng Anh và tiếng
Việt: nội dung của một pull request, nêu các ô còn phải điền.

Mã thoát: 0 trang và bảng khớp nhau, 1 có khác biệt, 2 không đọc được trang
hoặc đó không phải bảng mã lỗi (không ghi gì), hoặc không đọc/ghi được một tệp.";
    HELP_RELEASED_API =
"cargo xtask released-api [--lang en|vi]

Records the version in Cargo.toml and the code, variant and constant name
and labels (category, retry, scope) of every row of the table in
tests/released_api.txt: the names that programs use from now on, which the
test tests/api_guard.rs keeps from being renamed or removed, and the labels
that the next release may change only as a minor one. Run it when a version
is released.

Exit status: 0 recorded, 1 the table has problems (listed), 2 a file cannot
be read or written."
    / "cargo xtask released-api [--lang en|vi]

Ghi phiên bản trong Cargo.toml và mã, tên variant, tên hằng cùng các nhãn
(category, retry, scope) của mọi hàng trong bảng vào tests/released_api.txt:
những tên mà các chương trình sẽ dùng từ nay, được bài kiểm tra
tests/api_guard.rs giữ không cho đổi tên hay xoá, và những nhãn mà phiên bản
sau chỉ được đổi trong một phiên bản minor. Chạy lệnh này khi phát hành một
phiên bản.

Mã thoát: 0 đã ghi, 1 bảng có lỗi (được liệt kê), 2 không đọc/ghi được một tệp.";

    // The command line.
    UNKNOWN_COMMAND =
        "unknown command {command}. Run `cargo xtask --help` to list the commands."
        / "không có lệnh {command}. Chạy `cargo xtask --help` để xem các lệnh.";
    NO_COMMAND =
        "a command is missing. Run `cargo xtask --help` to list the commands."
        / "thiếu tên lệnh. Chạy `cargo xtask --help` để xem các lệnh.";
    UNKNOWN_OPTION =
        "`{command}` has no option {option}. Run `cargo xtask {command} --help`."
        / "lệnh `{command}` không có tuỳ chọn {option}. Chạy `cargo xtask {command} --help`.";
    MISSING_PAGE =
        "`page-diff` needs the path of a copy of the page, its web address, or --live. Run `cargo xtask page-diff --help`."
        / "lệnh `page-diff` cần đường dẫn tới một bản lưu của trang, địa chỉ web của trang, hoặc --live. Chạy `cargo xtask page-diff --help`.";
    TOO_MANY_ARGUMENTS =
        "`{command}` takes no argument {argument}. Run `cargo xtask {command} --help`."
        / "lệnh `{command}` không nhận đối số {argument}. Chạy `cargo xtask {command} --help`.";
    BAD_LANG =
        "--lang takes en or vi, not {value}."
        / "--lang nhận en hoặc vi, không nhận {value}.";
    LANG_NEEDS_VALUE =
        "--lang needs a value: en or vi."
        / "--lang cần một giá trị: en hoặc vi.";
    BAD_DATE =
        "--saved-on takes a date written like 2026-11-30, not {value}."
        / "--saved-on nhận một ngày viết dạng 2026-11-30, không nhận {value}.";
    MISSING_VALUE =
        "{option} needs a value. Run `cargo xtask {command} --help`."
        / "{option} cần một giá trị. Chạy `cargo xtask {command} --help`.";

    // check and released-api.
    MARKED_BUT_LISTED =
        "the code is marked dropped on {date}, but the copy of Zalo's page beside the table (data/{file}, saved on {saved_on}) lists it."
        / "mã này được đánh dấu là bị bỏ từ {date}, nhưng bản sao trang của Zalo bên cạnh bảng (data/{file}, lưu ngày {saved_on}) vẫn liệt kê mã này.";
    MARKED_BUT_LISTED_FIX =
        "empty the `{column}` cell: only `cargo xtask page-diff PAGE --apply` marks a code, when a copy of the page lacks it."
        / "xoá ô `{column}`: chỉ `cargo xtask page-diff PAGE --apply` đánh dấu một mã, khi bản sao trang không còn mã đó.";
    UNMARKED_BUT_DROPPED =
        "the copy of Zalo's page beside the table (data/{file}, saved on {saved_on}) does not list the code, but its `dropped_on` cell is empty."
        / "bản sao trang của Zalo bên cạnh bảng (data/{file}, lưu ngày {saved_on}) không liệt kê mã này, nhưng ô `dropped_on` của nó đang trống.";
    UNMARKED_BUT_DROPPED_FIX =
        "run `cargo xtask page-diff data/{file} --apply --saved-on {saved_on}`, which writes the copy's date in the `{column}` cell; keep the row."
        / "chạy `cargo xtask page-diff data/{file} --apply --saved-on {saved_on}` để ghi ngày của bản sao vào ô `{column}`; giữ nguyên hàng.";
    UNMARKED_BUT_DROPPED_FIX_UNDATED =
        "run `cargo xtask page-diff data/{file} --apply --saved-on YYYY-MM-DD`, with the date that copy of the page was saved (its first lines do not say it), which writes that date in the `{column}` cell; keep the row."
        / "chạy `cargo xtask page-diff data/{file} --apply --saved-on YYYY-MM-DD`, với ngày bản sao trang đó được lưu (các dòng đầu của nó không ghi ngày), để ghi ngày đó vào ô `{column}`; giữ nguyên hàng.";
    CHECK_CLEAN =
        "{file}: no problem in {rows} rows."
        / "{file}: không có lỗi trong {rows} hàng.";
    CHECK_SUMMARY =
        "{file}: {count} problem(s). Fix each line above in the spreadsheet, save as CSV UTF-8, and run `cargo xtask check` again."
        / "{file}: {count} lỗi. Sửa từng dòng ở trên trong bảng tính, lưu dưới dạng CSV UTF-8, rồi chạy lại `cargo xtask check`.";
    CANNOT_WRITE =
        "cannot write {file}: {error}."
        / "không ghi được {file}: {error}.";
    RELEASED_API_WRITTEN =
        "{file}: recorded {rows} codes as the released API."
        / "{file}: đã ghi {rows} mã làm API đã phát hành.";

    // page-diff: reading the page.
    CANNOT_READ_PAGE =
        "page-diff: cannot read {file}: {error}."
        / "page-diff: không đọc được {file}: {error}.";
    NOT_THE_PAGE =
        "page-diff: {file} is not a copy of Zalo's error page: {reason}."
        / "page-diff: {file} không phải bản lưu trang mã lỗi của Zalo: {reason}.";
    PAGE_EMPTY = "the file is empty" / "tệp trống";
    PAGE_TOO_FEW =
        "it lists {page} codes, fewer than half of the {listed} the table has from the page: a part of the page, or another table"
        / "trang chỉ liệt kê {page} mã, ít hơn một nửa trong {listed} mã của bảng lấy từ trang: chỉ là một phần của trang, hoặc một bảng khác";
    FETCH_FAILED =
        "page-diff: cannot read {url}: {error}. Nothing was written; try again later, or save the page from a browser and give its file."
        / "page-diff: không đọc được {url}: {error}. Chưa ghi gì; hãy thử lại sau, hoặc lưu trang từ trình duyệt rồi đưa tệp đó.";
    FETCH_STATUS =
        "page-diff: {url} answered HTTP {status}, not the page. Nothing was written; open the address in a browser to see why."
        / "page-diff: {url} trả về HTTP {status}, không phải trang. Chưa ghi gì; mở địa chỉ này trong trình duyệt để xem lý do.";
    FETCH_OFF_SITE =
        "page-diff: {url} redirects to another site ({target}). Nothing was written; if Zalo moved the page, set the new address in xtask/src/fetch.rs (OFFICIAL_PAGE) or give it on the command line."
        / "page-diff: {url} chuyển hướng sang trang web khác ({target}). Chưa ghi gì; nếu Zalo đã chuyển trang, hãy đặt địa chỉ mới trong xtask/src/fetch.rs (OFFICIAL_PAGE) hoặc đưa nó trên dòng lệnh.";
    FETCH_REDIRECTS =
        "page-diff: {url} redirects more than {count} times. Nothing was written; open the address in a browser to see where it leads."
        / "page-diff: {url} chuyển hướng quá {count} lần. Chưa ghi gì; mở địa chỉ này trong trình duyệt để xem nó dẫn tới đâu.";
    FETCH_BAD_URL =
        "page-diff: {url} is not a web address this tool reads. Give https://… (or the path of a saved page)."
        / "page-diff: {url} không phải địa chỉ web mà công cụ này đọc được. Hãy đưa https://… (hoặc đường dẫn của trang đã lưu).";
    FETCH_NOT_HTTPS =
        "page-diff: {url} is not HTTPS. Zalo's page is read over HTTPS only (plain HTTP only from this machine, for tests); give its https:// address."
        / "page-diff: {url} không dùng HTTPS. Trang của Zalo chỉ được đọc qua HTTPS (HTTP thường chỉ từ chính máy này, để kiểm thử); hãy đưa địa chỉ https://.";
    FETCH_NO_TLS =
        "page-diff: {url} is read over HTTPS, which this build of the tools leaves out (the tests build them without the `https` feature). Run the command through `cargo xtask`, which builds the tools with HTTPS when a command needs it (as `cargo xtask page-diff --live` does), or with `cargo run -p xtask --features https --`."
        / "page-diff: {url} được đọc qua HTTPS, mà bản dựng này của công cụ không có (các bài kiểm thử dựng công cụ không có tính năng `https`). Hãy chạy lệnh qua `cargo xtask`, vốn tự dựng công cụ có HTTPS khi lệnh cần (như `cargo xtask page-diff --live`), hoặc bằng `cargo run -p xtask --features https --`.";
    PAGE_BINARY = "the file holds binary data, not text" / "tệp chứa dữ liệu nhị phân, không phải văn bản";
    PAGE_NOT_UTF8 =
        "the file is not UTF-8 text (save or copy the page again from the browser)"
        / "tệp không phải văn bản UTF-8 (hãy lưu hoặc sao chép lại trang từ trình duyệt)";
    PAGE_NO_HEADER =
        "no error table: the header line \"Mã lỗi  Mô tả lỗi  Thông tin lỗi  Hướng dẫn xử lý\" is missing"
        / "không có bảng mã lỗi: thiếu dòng tiêu đề \"Mã lỗi  Mô tả lỗi  Thông tin lỗi  Hướng dẫn xử lý\"";
    PAGE_NO_ROWS = "the error table has no rows" / "bảng mã lỗi không có hàng nào";
    PAGE_NO_HTML_TABLE = "no <table> in this HTML file" / "tệp HTML này không có <table>";
    PAGE_OTHER_TABLES =
        "{count} table(s) in this HTML file, none with the columns \"Mã lỗi\", \"Mô tả lỗi\""
        / "tệp HTML này có {count} bảng, không bảng nào có các cột \"Mã lỗi\", \"Mô tả lỗi\"";

    // page-diff: the comparison.
    TABLE_HAS_PROBLEMS =
        "the table has {count} problem(s), listed above; the comparison uses the {rows} rows whose code could be read."
        / "bảng có {count} lỗi, liệt kê ở trên; việc so sánh dùng {rows} hàng đọc được mã.";
    NEW_CODE =
        "new {code}: the page lists it, the table does not."
        / "mới {code}: trang có mã này, bảng chưa có.";
    NEW_CODE_PAGE = "  page: {text}" / "  trang: {text}";
    NEW_CODE_TEXT_COPY =
        "  Add a row for it, or run page-diff with --apply. The page's cells run together in a text copy: save the page as HTML (\"Save page as…\") for its cells apart."
        / "  Thêm một hàng cho mã này, hoặc chạy page-diff với --apply. Bản lưu dạng văn bản làm các ô dính liền nhau: lưu trang dạng HTML (\"Save page as…\") để có từng ô riêng.";
    NEW_CODE_ROW =
        "  Add this row to data/zns_error_codes.csv where the page has it (or run page-diff with --apply), check the variant name, and fill in category, retry, scope, info_en and remedy_en:"
        / "  Thêm hàng này vào data/zns_error_codes.csv ở đúng vị trí như trên trang (hoặc chạy page-diff với --apply), kiểm tra tên variant, và điền category, retry, scope, info_en và remedy_en:";
    REMOVED_CODE =
        "removed {code} {variant}: the table has it, the page no longer lists it."
        / "bị bỏ {code} {variant}: bảng có mã này, trang không còn liệt kê.";
    REMOVED_CODE_KEEP =
        "  Do not delete the row: programs built with a released version may still receive the code, and deleting its variant breaks them. `--apply` keeps it and writes the page copy's date in its `dropped_on` cell."
        / "  Đừng xoá hàng này: các chương trình dùng phiên bản đã phát hành vẫn có thể nhận mã này, và xoá variant của nó làm hỏng các chương trình đó. `--apply` giữ hàng và ghi ngày của bản sao trang vào ô `dropped_on`.";
    RELISTED_CODE =
        "listed again {code} {variant}: the table marks it dropped on {date}, and the page lists it again; `--apply` empties its `dropped_on` cell."
        / "được liệt kê lại {code} {variant}: bảng đánh dấu mã này bị bỏ từ {date}, nay trang liệt kê lại; `--apply` xoá ô `dropped_on` của nó.";
    DROPPED_CODE =
        "dropped {code} {variant}: not on the page since {date}, as the table marks it."
        / "đã bỏ {code} {variant}: không có trên trang từ {date}, đúng như bảng đánh dấu.";
    CHANGED_CODE = "changed {code} {variant}:" / "thay đổi {code} {variant}:";
    CHANGED_IN_TABLE = "  {column}, table: {text}" / "  {column}, bảng: {text}";
    CHANGED_ON_PAGE = "  {column}, page:  {text}" / "  {column}, trang: {text}";
    REPEATED_CODE =
        "repeated {code}: the page lists this code more than once; only its first row was compared."
        / "lặp lại {code}: trang liệt kê mã này nhiều lần; chỉ hàng đầu tiên được so sánh.";
    FORM_TEXT = "text" / "văn bản";
    FORM_HTML = "HTML" / "HTML";
    SUMMARY =
        "summary: {new} new, {removed} removed, {changed} changed, {unchanged} unchanged ({form} copy of the page with {page} codes; the table has {table}){agreement}"
        / "tóm tắt: {new} mới, {removed} bị bỏ, {changed} thay đổi, {unchanged} không đổi (bản lưu trang dạng {form} có {page} mã; bảng có {table}){agreement}";
    AGREE = "; the page and the table agree." / "; trang và bảng khớp nhau.";
    DIFFER = "." / ".";

    // page-diff --apply.
    APPLIED_DROPPED =
        "marked: {code} {variant}: `dropped_on` is {date}, the row is kept."
        / "đã đánh dấu: {code} {variant}: `dropped_on` là {date}, hàng được giữ.";
    APPLIED_RELISTED =
        "unmarked: {code} {variant}: the page lists it again; `dropped_on` ({date}) is emptied."
        / "đã bỏ đánh dấu: {code} {variant}: trang liệt kê lại mã này; ô `dropped_on` ({date}) được xoá.";
    NOT_APPLIED_MARK =
        "not applied: {code}: its row cannot be read, or the table has no `{column}` column; run `cargo xtask check`, fix what it lists, and apply again."
        / "chưa ghi: {code}: không đọc được hàng của mã này, hoặc bảng không có cột `{column}`; chạy `cargo xtask check`, sửa những gì nó liệt kê, rồi ghi lại.";
    APPLIED_CHANGE =
        "applied: {code} {variant}: {columns} now as on the page."
        / "đã ghi: {code} {variant}: {columns} nay giống trên trang.";
    APPLIED_NEW =
        "added: {code} {variant} on line {line} (row {row}), with its category, retry, scope and English cells empty: run `cargo xtask check` to list what to fill in."
        / "đã thêm: {code} {variant} ở dòng {line} (hàng {row}), với các ô category, retry, scope và tiếng Anh để trống: chạy `cargo xtask check` để xem cần điền gì.";
    APPLIED_SPLIT_GUESSED =
        "  A text copy runs the page's cells together: check that description, info_vi and remedy_vi begin where the page's do (an HTML copy gives them apart)."
        / "  Bản lưu dạng văn bản làm các ô của trang dính liền nhau: kiểm tra description, info_vi và remedy_vi bắt đầu đúng chỗ như trên trang (bản HTML có từng ô riêng).";
    NOT_APPLIED_JOINED =
        "not applied: {code} {variant}: more than one cell changed, and a text copy runs the cells together. Save the page as HTML (\"Save page as…\") and apply that copy."
        / "chưa ghi: {code} {variant}: nhiều hơn một ô thay đổi, và bản lưu dạng văn bản làm các ô dính liền nhau. Lưu trang dạng HTML (\"Save page as…\") rồi ghi từ bản đó.";
    NOT_APPLIED_UNREADABLE =
        "not applied: {code}: its row in the table cannot be read (see the problems above); fix the row, then apply again."
        / "chưa ghi: {code}: không đọc được hàng của mã này trong bảng (xem các lỗi ở trên); sửa hàng đó rồi ghi lại.";
    CHANGELOG_ADD =
        "add these lines {place}:"
        / "thêm các dòng này {place}:";
    CHANGELOG_PLACE =
        "to CHANGELOG.md, under `## [Unreleased]` at its top, in the section `### Compared with the page` (start that section with this heading if it is not there yet)"
        / "vào CHANGELOG.md, dưới tiêu đề `## [Unreleased]` ở đầu tệp, trong mục `### Compared with the page` (nếu chưa có mục này, hãy mở nó bằng đúng tiêu đề đó)";
    CHANGELOG_COMPARED =
        "- Compared with Zalo's page saved on {date}: {new} new, {removed} removed, {changed} changed."
        / "- Compared with Zalo's page saved on {date}: {new} new, {removed} removed, {changed} changed.";
    CHANGELOG_RELISTED =
        "- Zalo's page lists {code} ({variant}) again."
        / "- Zalo's page lists {code} ({variant}) again.";
    CHANGELOG_REMOVED =
        "- Zalo's page no longer lists {code} ({variant}); the code is kept."
        / "- Zalo's page no longer lists {code} ({variant}); the code is kept.";
    PAGE_COPY_SAVED =
        "{file}: now holds this copy of the page, saved on {date}; the tests hold the table to it."
        / "{file}: nay lưu bản trang này, ngày {date}; các bài kiểm tra đối chiếu bảng với bản này.";
    NOTHING_TO_APPLY =
        "nothing to apply: the table already follows the page."
        / "không có gì để ghi: bảng đã giống trang.";
}

/// What page-diff says before the CHANGELOG.md lines: where they go.
pub fn changelog_add() -> crate::codegen::messages::Phrase {
    crate::codegen::messages::Phrase::new(CHANGELOG_ADD)
        .with_phrase("place", CHANGELOG_PLACE.into())
}
