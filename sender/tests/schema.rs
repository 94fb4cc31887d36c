//! The schema is created and migrated once, whoever opens the database
//! first: several processes starting at once on a new database all open it.

mod support;

use support::postgres::{Postgres, sqlite_url};
use support::processes::scratch;
use zalo_zns_sender::{Sender, TokenPair};

async fn open_at_once(url: &str) {
    let opens = (0..4).map(|_| {
        let url = url.to_owned();
        async move { Sender::open(&url).await }
    });
    let senders: Vec<Sender> = futures_join(opens).await;
    // The schema is whole: an OA can be authorised and read.
    senders[0]
        .authorise(
            "oa-s",
            TokenPair {
                access_token: "a".into(),
                refresh_token: "r".into(),
                expires_in: None,
            },
        )
        .await
        .unwrap();
    let status = senders[3].status("oa-s").await.unwrap();
    assert_eq!(status.messages["queued"], 0);
}

/// Awaits every open at once, each on a task of its own.
async fn futures_join<F>(opens: impl Iterator<Item = F>) -> Vec<Sender>
where
    F: std::future::Future<Output = Result<Sender, zalo_zns_sender::Error>> + Send + 'static,
{
    let tasks: Vec<_> = opens.map(tokio::spawn).collect();
    let mut senders = Vec::new();
    for task in tasks {
        senders.push(task.await.expect("no panic").expect("the database opens"));
    }
    senders
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn processes_starting_at_once_on_a_new_database_all_open_it() {
    let _one = support::ONE_AT_A_TIME.lock().await;
    let dir = scratch("schema");
    open_at_once(&sqlite_url(&dir, "new.db")).await;
    let postgres = tokio::task::block_in_place(Postgres::start);
    // A server of the test's own is new; one DATABASE_URL names may not be.
    open_at_once(postgres.url()).await;
    let _ = std::fs::remove_dir_all(dir);
}
