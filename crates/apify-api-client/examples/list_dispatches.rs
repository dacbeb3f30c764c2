//! Prints webhook dispatches, one JSON object per line, fetching pages as
//! it goes.
//!
//! ```text
//! cargo run -p apify-api-client --example list_dispatches -- \
//!     [--limit N] [--offset N] [--desc]
//! ```
//!
//! Reads `APIFY_TOKEN` and `APIFY_API_BASE_URL` like `get_dispatch`. Exit
//! status 0 when every dispatch asked for was printed; 1 and one line on
//! stderr otherwise.

use std::io::Write;
use std::process::ExitCode;

use apify_api_client::{ClientBuilder, WebhookDispatchesListOptions};
use clap::Parser;
use futures_util::TryStreamExt;

#[derive(Parser)]
#[command(about = "Print Apify webhook dispatches as JSON lines.")]
struct Args {
    /// The most dispatches to print (all when not given).
    #[arg(long)]
    limit: Option<i64>,
    /// How many dispatches to skip first.
    #[arg(long)]
    offset: Option<i64>,
    /// Newest first.
    #[arg(long)]
    desc: bool,
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
    match run(args).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::from(1)
        }
    }
}

async fn run(args: Args) -> Result<(), Box<dyn std::error::Error>> {
    let client = ClientBuilder::from_env().build()?;
    let mut options = WebhookDispatchesListOptions::default();
    options.limit = args.limit;
    options.offset = args.offset;
    options.desc = args.desc.then_some(true);
    let mut dispatches = std::pin::pin!(client.webhook_dispatches().iterate(options));
    let mut out = std::io::stdout().lock();
    while let Some(dispatch) = dispatches.try_next().await? {
        writeln!(out, "{}", serde_json::to_string(&dispatch)?)?;
    }
    Ok(())
}
