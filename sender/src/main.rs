//! `zns-sender`: the sender as a command. Configured by flags or the
//! environment; see `zns-sender --help`.

use std::io::Read;
use std::process::ExitCode;
use std::time::Duration;

use clap::{Parser, Subcommand};
use zalo_zns_errors::Policy;
use zalo_zns_sender::{Error, RunOptions, Sender, TokenPair, Webhooks, ZaloConfig};

/// A bulk Zalo ZNS sender: the queue and each OA's state in a database
/// (SQLite or PostgreSQL), shared by every process that opens it.
#[derive(Parser, Debug)]
#[command(name = "zns-sender", version, about)]
struct Cli {
    /// The database: sqlite://FILE (created if missing) or postgres://…
    #[arg(
        long,
        env = "DATABASE_URL",
        default_value = "sqlite://zns-sender.db",
        global = true
    )]
    database_url: String,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Gives an OA a pair of tokens: the pair it starts with, or a person's
    /// new pair after authorising it again.
    Authorise {
        /// The OA's id (your name for it).
        #[arg(long)]
        oa: String,
        /// The access token.
        #[arg(long)]
        access_token: String,
        /// The refresh token.
        #[arg(long)]
        refresh_token: String,
        /// How long the access token lives from now, in seconds, when known.
        #[arg(long)]
        expires_in: Option<u64>,
    },
    /// Adds messages, JSON lines from FILE or standard input (-), all or none.
    Enqueue {
        /// The OA's id.
        #[arg(long)]
        oa: String,
        /// A file of JSON lines, or - for standard input.
        #[arg(default_value = "-")]
        file: String,
    },
    /// Sends the OA's messages with N workers until stopped (SIGTERM or
    /// Ctrl-C: the calls in flight finish, nothing new is claimed).
    Run {
        /// The OA's id.
        #[arg(long)]
        oa: String,
        /// How many workers this process runs.
        #[arg(long, default_value_t = 4)]
        workers: usize,
        /// How many messages a worker takes at once.
        #[arg(long, default_value_t = 16)]
        batch: usize,
        /// Exit 0 once every message has an outcome or waits for a person.
        #[arg(long)]
        until_done: bool,
        /// A Policy as its JSON, for the OA's state.
        #[arg(long)]
        policy: Option<String>,
        /// The Zalo app's id, for the refresh call.
        #[arg(long, env = "ZALO_APP_ID", default_value = "")]
        app_id: String,
        /// The app's secret key, for the refresh call.
        #[arg(
            long,
            env = "ZALO_SECRET_KEY",
            default_value = "",
            hide_env_values = true
        )]
        secret_key: String,
        /// The ZNS API's base URL.
        #[arg(
            long,
            env = "ZNS_API_URL",
            default_value = "https://business.openapi.zalo.me"
        )]
        zns_api_url: String,
        /// Zalo's OAuth base URL.
        #[arg(
            long,
            env = "ZALO_OAUTH_URL",
            default_value = "https://oauth.zaloapp.com"
        )]
        zalo_oauth_url: String,
        /// The HTTP timeout of a call to Zalo, in seconds: below the
        /// policy's call_timeout [default: 20, or three quarters of
        /// call_timeout when that is shorter]
        #[arg(long, env = "ZNS_HTTP_TIMEOUT")]
        http_timeout: Option<f64>,
        /// Where messages for the other channel are POSTed (JSON).
        #[arg(long, env = "OTHER_CHANNEL_URL")]
        other_channel_url: Option<String>,
        /// Where alerts for a person are POSTed (JSON, English and Vietnamese).
        #[arg(long, env = "ALERT_URL")]
        alert_url: Option<String>,
    },
    /// The OA's messages by outcome, its hold, pause and circuit, its alerts.
    Status {
        /// The OA's id.
        #[arg(long)]
        oa: String,
        /// As JSON.
        #[arg(long)]
        json: bool,
    },
    /// A person fixed what held the OA: it sends again.
    Release {
        /// The OA's id.
        #[arg(long)]
        oa: String,
    },
    /// A person fixed a template: its messages go again.
    ReleaseTemplate {
        /// The OA's id.
        #[arg(long)]
        oa: String,
        /// The template's id.
        #[arg(long)]
        template: String,
    },
    /// A person raised the OA's daily limit: it sends again now.
    EndPause {
        /// The OA's id.
        #[arg(long)]
        oa: String,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("zns-sender: cannot start: {error}");
            return ExitCode::from(2);
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("zns-sender: {error}");
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> Result<(), Error> {
    match cli.command {
        Command::Authorise {
            oa,
            access_token,
            refresh_token,
            expires_in,
        } => {
            let sender = Sender::open(&cli.database_url).await?;
            sender
                .authorise(
                    &oa,
                    TokenPair {
                        access_token,
                        refresh_token,
                        expires_in: expires_in.map(Duration::from_secs),
                    },
                )
                .await?;
            println!("OA {oa} authorised");
            Ok(())
        }
        Command::Enqueue { oa, file } => {
            let text = read_input(&file)?;
            let messages = zalo_zns_sender::read_messages(&text)?;
            let sender = Sender::open(&cli.database_url).await?;
            let enqueued = sender.enqueue(&oa, &messages).await?;
            println!(
                "{} enqueued for OA {oa}; {} already queued",
                messages_counted(enqueued.added),
                enqueued.already_queued
            );
            Ok(())
        }
        Command::Run {
            oa,
            workers,
            batch,
            until_done,
            policy,
            app_id,
            secret_key,
            zns_api_url,
            zalo_oauth_url,
            http_timeout,
            other_channel_url,
            alert_url,
        } => {
            let policy = match policy {
                Some(path) => Some(read_policy(&path)?),
                None => None,
            };
            if let Some(seconds) = http_timeout.filter(|s| !(*s > 0.0 && s.is_finite())) {
                return Err(Error::Config(format!(
                    "--http-timeout {seconds} is not a number of seconds above 0"
                )));
            }
            let zalo = ZaloConfig {
                api_url: zns_api_url.trim_end_matches('/').to_owned(),
                oauth_url: zalo_oauth_url.trim_end_matches('/').to_owned(),
                app_id,
                secret_key,
                http_timeout: http_timeout.map(Duration::from_secs_f64),
            };
            let handover = Webhooks::new(other_channel_url, alert_url).map_err(Error::Config)?;
            let connections = u32::try_from(workers + 3).unwrap_or(u32::MAX);
            let sender = Sender::open_with(&cli.database_url, connections).await?;
            let (stop, stopped) = tokio::sync::watch::channel(false);
            tokio::spawn(async move {
                stop_signal().await;
                let _ = stop.send(true);
            });
            let options = RunOptions {
                workers,
                batch,
                until_done,
                policy,
                ..RunOptions::default()
            };
            let result = sender.run(&oa, zalo, options, handover, stopped).await;
            sender.close().await;
            result
        }
        Command::Status { oa, json } => {
            let sender = Sender::open(&cli.database_url).await?;
            let status = sender.status(&oa).await?;
            if json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&status).expect("a status serializes")
                );
            } else {
                println!("OA {oa}");
                for (outcome, count) in &status.messages {
                    println!("  {outcome}: {count}");
                }
                println!("  waiting for a person: {}", status.waiting_for_person);
                println!(
                    "  other channel not handed over: {}",
                    status.other_channel_pending
                );
                println!("  hold: {}", status.hold.as_deref().unwrap_or("none"));
                println!(
                    "  paused until: {}",
                    status.paused_until.as_deref().unwrap_or("not paused")
                );
                println!(
                    "  circuit: {}",
                    if status.circuit_open {
                        "open (an outage)"
                    } else {
                        "closed"
                    }
                );
                for template in &status.held_templates {
                    println!("  template held: {template}");
                }
                for alert in &status.alerts {
                    println!(
                        "  alert {} ({}): {}\n    {}\n    then: {}",
                        alert.seq, alert.kind, alert.english, alert.vietnamese, alert.command
                    );
                }
            }
            Ok(())
        }
        Command::Release { oa } => {
            Sender::open(&cli.database_url).await?.release(&oa).await?;
            println!("OA {oa} released");
            Ok(())
        }
        Command::ReleaseTemplate { oa, template } => {
            let was = Sender::open(&cli.database_url)
                .await?
                .release_template(&oa, &template)
                .await?;
            if was {
                println!("template {template} of OA {oa} released");
            } else {
                println!("template {template} of OA {oa} was not held");
            }
            Ok(())
        }
        Command::EndPause { oa } => {
            Sender::open(&cli.database_url)
                .await?
                .end_pause(&oa)
                .await?;
            println!("OA {oa}: pause ended");
            Ok(())
        }
    }
}

/// "1 message", "2 messages".
fn messages_counted(n: usize) -> String {
    if n == 1 {
        "1 message".to_owned()
    } else {
        format!("{n} messages")
    }
}

fn read_input(file: &str) -> Result<String, Error> {
    let mut text = String::new();
    let read = if file == "-" {
        std::io::stdin().read_to_string(&mut text).map(|_| ())
    } else {
        std::fs::read_to_string(file).map(|t| text = t)
    };
    read.map_err(|error| Error::Read {
        path: if file == "-" {
            "standard input".to_owned()
        } else {
            file.to_owned()
        },
        reason: error.to_string(),
    })?;
    Ok(text)
}

fn read_policy(path: &str) -> Result<Policy, Error> {
    let text = std::fs::read_to_string(path).map_err(|error| Error::Read {
        path: path.to_owned(),
        reason: error.to_string(),
    })?;
    let policy: Policy = serde_json::from_str(&text).map_err(|error| {
        Error::Config(format!(
            "{path}: not a policy ({error}); write a Policy as its JSON, as serde writes \
             zalo_zns_errors::Policy"
        ))
    })?;
    policy.check().map_err(Error::Policy)?;
    Ok(policy)
}

/// SIGTERM or Ctrl-C.
async fn stop_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = term.recv() => {}
                    _ = tokio::signal::ctrl_c() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}
