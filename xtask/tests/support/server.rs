//! Web servers on 127.0.0.1 for the tools' tests: each answers a bounded
//! number of requests, waits a bounded time for each, and stops by itself.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::time::Duration;

use xtask::table_row::TableRow;

use super::html_page;

/// One answer of a test server.
#[derive(Clone)]
pub struct Answer {
    pub status: &'static str,
    pub headers: Vec<String>,
    pub body: Vec<u8>,
    /// How long to wait before answering.
    pub delay: Duration,
}

pub fn ok(body: impl Into<Vec<u8>>) -> Answer {
    Answer {
        status: "200 OK",
        headers: vec!["Content-Type: text/html; charset=utf-8".into()],
        body: body.into(),
        delay: Duration::ZERO,
    }
}

pub fn redirect(location: &str) -> Answer {
    Answer {
        status: "302 Found",
        headers: vec![format!("Location: {location}")],
        body: Vec::new(),
        delay: Duration::ZERO,
    }
}

/// Serves `answers` in order, one a connection, on 127.0.0.1; returns the
/// server's base URL and what each request asked for (its request line and
/// User-Agent), once the server has stopped.
pub fn serve(answers: Vec<Answer>) -> (String, std::thread::JoinHandle<Vec<(String, String)>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://127.0.0.1:{}", listener.local_addr().unwrap().port());
    let server = std::thread::spawn(move || {
        let mut asked = Vec::new();
        for answer in answers {
            // Waits at most 20 s for each request, then stops.
            listener.set_nonblocking(true).unwrap();
            let deadline = std::time::Instant::now() + Duration::from_secs(20);
            let stream = loop {
                match listener.accept() {
                    Ok((stream, _)) => break Some(stream),
                    Err(_) if std::time::Instant::now() < deadline => {
                        std::thread::sleep(Duration::from_millis(5));
                    }
                    Err(_) => break None,
                }
            };
            let Some(stream) = stream else { break };
            asked.push(answer_one(stream, &answer));
        }
        asked
    });
    (base, server)
}

fn answer_one(mut stream: TcpStream, answer: &Answer) -> (String, String) {
    stream.set_nonblocking(false).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut request_line = String::new();
    let _ = reader.read_line(&mut request_line);
    let mut agent = String::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 || line.trim().is_empty() {
            break;
        }
        if let Some(value) = line.to_ascii_lowercase().strip_prefix("user-agent:") {
            agent = value.trim().to_owned();
        }
    }
    std::thread::sleep(answer.delay);
    let mut head = format!(
        "HTTP/1.1 {}\r\nContent-Length: {}\r\nConnection: close\r\n",
        answer.status,
        answer.body.len()
    );
    for header in &answer.headers {
        head.push_str(header);
        head.push_str("\r\n");
    }
    head.push_str("\r\n");
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(&answer.body);
    (request_line.trim().to_owned(), agent)
}

/// The page as the live Docusaurus site serves it: a navbar, a sidebar,
/// breadcrumbs, notes and a table of contents around the error table.
pub fn live_page(rows: &[TableRow]) -> String {
    let table = html_page(rows);
    let start = table.find("<table").unwrap();
    let end = table.rfind("</table>").unwrap() + "</table>".len();
    format!(
        "<!DOCTYPE html><html lang=\"vi\"><head><meta charset=\"UTF-8\"><title>Cách xử lý mã lỗi | Zalo Cloud</title></head>\
         <body><nav class=\"navbar\"><a href=\"/\">Zalo Cloud</a><a href=\"/zbs\">ZBS Template Message</a></nav>\
         <aside class=\"theme-doc-sidebar\"><ul><li>Bắt đầu</li><li>Mã lỗi</li></ul></aside>\
         <main><nav class=\"breadcrumbs\">ZNS › Hướng dẫn</nav><article><h1>Cách xử lý mã lỗi</h1>\
         <p>Chi tiết và hướng dẫn xử lý mã lỗi</p><div class=\"admonition\"><p>Lưu ý: mã lỗi có thể thay đổi.</p></div>\
         {}<p>Bài viết này có hữu ích không?</p></article>\
         <div class=\"table-of-contents\"><a href=\"#\">Mã lỗi</a></div></main><footer>© VNG</footer></body></html>",
        &table[start..end]
    )
}
