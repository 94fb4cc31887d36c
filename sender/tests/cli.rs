//! `zns-sender` as an operator meets it with bad input: each error names the
//! line or the cause and what to do, exits non-zero, and writes nothing.

mod support;

use support::postgres::sqlite_url;
use support::processes::{Env, scratch, write};

fn env(name: &str) -> Env {
    let dir = scratch(name);
    Env {
        database_url: sqlite_url(&dir, "zns.db"),
        zalo_url: "http://127.0.0.1:9".to_owned(),
        dir,
    }
}

fn failed(env: &Env, args: &[&str], input: &str) -> String {
    let output = env.run(args, input);
    assert!(
        !output.status.success(),
        "zns-sender {args:?} succeeded:\n{}",
        String::from_utf8_lossy(&output.stdout)
    );
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn authorise(env: &Env, oa: &str) {
    env.ok(&[
        "authorise",
        "--oa",
        oa,
        "--access-token",
        "a",
        "--refresh-token",
        "r",
    ]);
}

const GOOD: &str = r#"{"phone":"84987654321","template_id":"203972","template_data":{"otp":"1"},"tracking_id":"a"}"#;

#[test]
fn an_enqueue_with_one_bad_line_adds_no_line() {
    let env = env("cli-bad-line");
    authorise(&env, "oa-1");
    let input = format!("{GOOD}\n\n{{\"phone\": \"8490\", oops}}\n");
    let said = failed(&env, &["enqueue", "--oa", "oa-1", "-"], &input);
    assert!(
        said.contains("line 3:") && said.contains("nothing was enqueued"),
        "{said}"
    );
    let status = env.status("oa-1");
    assert_eq!(status["messages"]["queued"], 0, "{status}");
    // A bad value, too: the line and the field.
    let late = GOOD.replace(
        r#""tracking_id":"a""#,
        r#""tracking_id":"b","deliver_by":"soon""#,
    );
    let said = failed(
        &env,
        &["enqueue", "--oa", "oa-1", "-"],
        &format!("{GOOD}\n{late}"),
    );
    assert!(
        said.contains("line 2:") && said.contains("not an RFC 3339 instant"),
        "{said}"
    );
    assert_eq!(env.status("oa-1")["messages"]["queued"], 0);
    // The good file goes in once, whatever how often it is enqueued.
    let file = write(&env.dir, "good.jsonl", GOOD);
    assert!(
        env.ok(&["enqueue", "--oa", "oa-1", &file])
            .contains("1 message enqueued")
    );
    assert!(
        env.ok(&["enqueue", "--oa", "oa-1", &file])
            .contains("1 already queued")
    );
    assert_eq!(env.status("oa-1")["messages"]["queued"], 1);
}

#[test]
fn an_unknown_oa_is_named_with_what_to_do() {
    let env = env("cli-unknown-oa");
    authorise(&env, "oa-1");
    let said = failed(&env, &["enqueue", "--oa", "oa-2", "-"], GOOD);
    assert!(
        said.contains("no OA \"oa-2\" in the database")
            && said.contains("zns-sender authorise --oa oa-2"),
        "{said}"
    );
    let said = failed(&env, &["status", "--oa", "oa-2"], "");
    assert!(said.contains("no OA \"oa-2\""), "{said}");
    let said = failed(&env, &["release", "--oa", "oa-2"], "");
    assert!(said.contains("no OA \"oa-2\""), "{said}");
}

#[test]
fn a_database_that_cannot_be_opened_says_why() {
    let mut env = env("cli-no-database");
    env.database_url = "sqlite:///nonexistent-folder/zns.db".to_owned();
    let said = failed(&env, &["status", "--oa", "oa-1"], "");
    assert!(
        said.contains("cannot open the database sqlite:///nonexistent-folder/zns.db")
            && said.contains("folder of an SQLite file exists"),
        "{said}"
    );
    env.database_url = "mysql://u@127.0.0.1/zns".to_owned();
    let said = failed(&env, &["status", "--oa", "oa-1"], "");
    assert!(said.contains("use sqlite://FILE"), "{said}");
    env.database_url = "postgres://zns:secret@127.0.0.1:9/zns".to_owned();
    let said = failed(&env, &["status", "--oa", "oa-1"], "");
    assert!(
        said.contains("postgres://zns:***@127.0.0.1:9/zns") && !said.contains("secret"),
        "{said}"
    );
}

#[test]
fn a_policy_out_of_its_limits_is_refused_before_running() {
    let env = env("cli-policy");
    authorise(&env, "oa-1");
    let mut policy: serde_json::Value = serde_json::from_str(&support::short_policy()).unwrap();
    policy["max_sends"] = 0.into();
    let file = write(&env.dir, "policy.json", &policy.to_string());
    let said = failed(&env, &["run", "--oa", "oa-1", "--policy", &file], "");
    assert!(
        said.contains("Policy::max_sends is 0, outside 1..=254"),
        "{said}"
    );
    let file = write(&env.dir, "not-a-policy.json", "{\"max_sends\": 3}");
    let said = failed(&env, &["run", "--oa", "oa-1", "--policy", &file], "");
    assert!(said.contains("not a policy"), "{said}");
    let said = failed(
        &env,
        &[
            "run",
            "--oa",
            "oa-1",
            "--policy",
            "/nonexistent/policy.json",
        ],
        "",
    );
    assert!(
        said.contains("cannot read /nonexistent/policy.json"),
        "{said}"
    );
}

#[test]
fn an_http_timeout_not_below_the_call_timeout_is_refused() {
    let env = env("cli-timeout");
    authorise(&env, "oa-1");
    // The default policy gives up on a call after 60 s.
    let said = failed(&env, &["run", "--oa", "oa-1", "--http-timeout", "60"], "");
    assert!(
        said.contains("must be below the policy's call_timeout")
            && said.contains("spend the single-use refresh token twice"),
        "{said}"
    );
}

#[test]
fn without_an_http_timeout_one_below_the_call_timeout_is_taken() {
    let env = env("cli-derived-timeout");
    authorise(&env, "oa-1");
    // call_timeout 5 s: the default 20 s would be refused; 3.75 s is taken.
    let file = write(&env.dir, "policy.json", &support::short_policy());
    let output = std::process::Command::new(support::processes::ZNS_SENDER)
        .args(["run", "--oa", "oa-1", "--until-done", "--policy", &file])
        .env("DATABASE_URL", &env.database_url)
        .env_remove("ZNS_HTTP_TIMEOUT")
        .output()
        .expect("zns-sender runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}
