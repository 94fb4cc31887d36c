//! Synthetic error tables for the scaling benchmarks: valid rows with text
//! like the real table's, codes spread over a range of the caller's choice.

/// A table of `rows` rows whose distinct codes lie in `-spread..0`, as CSV.
pub fn synthetic_table(rows: usize, spread: u32) -> String {
    assert!(
        rows as u64 <= u64::from(spread),
        "not enough distinct codes"
    );
    // Label values that go together, as the table's rules ask.
    let categories = ["request", "recipient", "quota", "template", "internal"];
    let retries = ["after_fix", "never", "next_day", "after_fix", "backoff"];
    let scopes = ["message", "recipient", "sender", "template", "message"];
    let mut state: u64 = 0x853c_49e6_748f_ea9b ^ rows as u64;
    let mut seen = std::collections::HashSet::new();
    let mut out = String::from(
        "code,variant,description,info_vi,remedy_vi,category,retry,scope,info_en,remedy_en,dropped_on\n",
    );
    for i in 0..rows {
        let code = loop {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let code = -1 - (state % u64::from(spread)) as i64;
            if seen.insert(code) {
                break code;
            }
        };
        out.push_str(&format!(
            "{code},SyntheticCode{i},Synthetic error number {i},Thông tin lỗi tổng hợp số {i},\"Kiểm tra lại mẫu ZNS số {i}:\n- Bước 1: mở ứng dụng\n- Bước 2: thử lại\",{},{},{},Synthetic error information number {i},\"Check ZNS template number {i}:\n- Step 1: open the app\n- Step 2: try again\",\n",
            categories[i % categories.len()],
            retries[i % retries.len()],
            scopes[i % scopes.len()],
        ));
    }
    out
}
