//! Prints one webhook dispatch as JSON (the API's field names).
//!
//! ```text
//! cargo run -p apify-api-client --example get_dispatch -- <DISPATCH_ID> \
//!     [--max-retries N] [--min-retry-delay-ms MS] [--timeout-secs S]
//! ```
//!
//! Reads `APIFY_TOKEN` (optional, sent as a bearer token) and
//! `APIFY_API_BASE_URL` (default `https://api.apify.com`).
//!
//! Exit status: 0 and the dispatch on stdout when found; 2 and one line on
//! stderr when there is no such dispatch; 1 and one line on stderr (with the
//! status, error type and message when the API answered) on any other
//! failure, including bad arguments.

use std::process::ExitCode;
use std::time::Duration;

use apify_api_client::ClientBuilder;
use clap::Parser;

#[derive(Parser)]
#[command(about = "Print one Apify webhook dispatch as JSON.")]
struct Args {
    /// ID of the webhook dispatch.
    dispatch_id: String,
    /// How many times a failed request is retried.
    #[arg(long)]
    max_retries: Option<u32>,
    /// Delay before the first retry, in milliseconds.
    #[arg(long)]
    min_retry_delay_ms: Option<u64>,
    /// How long one attempt may take, in seconds.
    #[arg(long)]
    timeout_secs: Option<u64>,
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let args = match Args::try_parse() {
        Ok(args) => args,
        Err(error) => {
            let code = if error.use_stderr() { 1 } else { 0 };
            let _ = error.print();
            return ExitCode::from(code);
        }
    };
    let mut builder = ClientBuilder::from_env();
    if let Some(retries) = args.max_retries {
        builder = builder.max_retries(retries);
    }
    if let Some(ms) = args.min_retry_delay_ms {
        builder = builder.min_retry_delay(Duration::from_millis(ms));
    }
    if let Some(secs) = args.timeout_secs {
        builder = builder.timeout(Duration::from_secs(secs));
    }
    let client = match builder.build() {
        Ok(client) => client,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::from(1);
        }
    };
    match client.webhook_dispatch(&args.dispatch_id).get().await {
        Ok(Some(dispatch)) => match serde_json::to_string_pretty(&dispatch) {
            Ok(json) => {
                println!("{json}");
                ExitCode::SUCCESS
            }
            Err(error) => {
                eprintln!("error: the dispatch cannot be printed as JSON: {error}");
                ExitCode::from(1)
            }
        },
        Ok(None) => {
            eprintln!(
                "not found: there is no webhook dispatch with ID {:?}",
                args.dispatch_id
            );
            ExitCode::from(2)
        }
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::from(1)
        }
    }
}
