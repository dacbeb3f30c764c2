//! The hand-written part of the command line: the global options, turning
//! flags into values, printing answers, and exit codes. The generated part
//! (one subcommand per operation) calls into it. It names no API.
//!
//! Answers are JSON on stdout: pretty on a terminal, one line when piped;
//! a list streamed with `--all` is one JSON line per item. Exit status: 0
//! on success, 2 when the thing asked for does not exist, 1 on any other
//! failure, with one line on stderr. A reader that stops early (`| head`)
//! ends the program quietly, with status 0.

use std::fmt::Display;
use std::io::{self, IsTerminal, Read, Write};
use std::process::ExitCode;
use std::time::Duration;

use clap::{Arg, ArgAction, ArgMatches, Command};
use futures_util::{Stream, StreamExt};
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::client::{ClientBuilder, JsonOr, RawBody};

/// How a command ended, when it did not fail.
pub enum Done {
    /// The answer was printed (or there was none to print).
    Printed,
    /// The thing asked for does not exist.
    NotFound(String),
    /// The reader of stdout went away; there is no one left to tell.
    Quiet,
}

/// Why a command failed: one line for stderr.
pub struct Failure(pub String);

impl<E: Display> From<E> for Failure {
    fn from(error: E) -> Self {
        Failure(error.to_string())
    }
}

pub type Outcome = Result<Done, Failure>;

/// The options every command takes, added to the program's command.
pub fn with_global_options(command: Command) -> Command {
    command
        .arg(
            Arg::new("base-url")
                .long("base-url")
                .global(true)
                .value_name("URL")
                .help("Where the API is (default: from the environment, else the API's server)"),
        )
        .arg(
            Arg::new("max-retries")
                .long("max-retries")
                .global(true)
                .value_name("N")
                .value_parser(clap::value_parser!(u32))
                .help("How many times a failed request is retried"),
        )
        .arg(
            Arg::new("timeout-secs")
                .long("timeout-secs")
                .global(true)
                .value_name("S")
                .value_parser(clap::value_parser!(u64))
                .help("How long one attempt may take, in seconds"),
        )
}

/// Runs the program: parses the arguments, builds the client from the
/// environment and the global options, runs the chosen command with
/// `dispatch`, and turns how it ended into an exit status.
pub fn main<F, Fut>(command: Command, dispatch: F) -> ExitCode
where
    F: FnOnce(super::client::Client, String, ArgMatches) -> Fut,
    Fut: Future<Output = Outcome>,
{
    let matches = match command.try_get_matches() {
        Ok(matches) => matches,
        Err(error) => {
            let code = if error.use_stderr() { 1 } else { 0 };
            let _ = error.print();
            return ExitCode::from(code);
        }
    };
    if std::env::var_os("RUST_LOG").is_some() {
        // Events of every call and attempt (never a secret), to stderr.
        let _ = tracing_subscriber::fmt()
            .with_env_filter(tracing_subscriber::EnvFilter::from_default_env())
            .with_writer(io::stderr)
            .with_ansi(false)
            .try_init();
    }
    let mut builder = ClientBuilder::from_env();
    if let Some(url) = matches.get_one::<String>("base-url") {
        builder = builder.base_url(url);
    }
    if let Some(retries) = matches.get_one::<u32>("max-retries") {
        builder = builder.max_retries(*retries);
    }
    if let Some(secs) = matches.get_one::<u64>("timeout-secs") {
        builder = builder.timeout(Duration::from_secs(*secs));
    }
    let outcome = match builder.build() {
        Err(error) => Err(Failure::from(error)),
        Ok(client) => match matches.subcommand() {
            Some((name, args)) => {
                let (name, args) = (name.to_owned(), args.clone());
                match tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                {
                    Ok(runtime) => runtime.block_on(dispatch(client, name, args)),
                    Err(error) => Err(Failure::from(error)),
                }
            }
            None => Err(Failure("no command given; see --help".into())),
        },
    };
    // stderr may be a closed pipe too: never panic over a message.
    match outcome {
        Ok(Done::Printed | Done::Quiet) => ExitCode::SUCCESS,
        Ok(Done::NotFound(message)) => {
            let _ = writeln!(io::stderr(), "not found: {message}");
            ExitCode::from(2)
        }
        Err(Failure(message)) => {
            let _ = writeln!(io::stderr(), "error: {message}");
            ExitCode::from(1)
        }
    }
}

/// The value of flag `name`, as clap parsed it.
pub fn one<T: Clone + Send + Sync + 'static>(args: &ArgMatches, name: &str) -> Option<T> {
    args.get_one::<T>(name).cloned()
}

/// The value of a required flag (clap has checked that it is there).
pub fn required<T: Clone + Send + Sync + 'static>(
    args: &ArgMatches,
    name: &str,
) -> Result<T, Failure> {
    given(one(args, name), name)
}

/// A required flag's value, read as its type asks.
pub fn given<T>(value: Option<T>, name: &str) -> Result<T, Failure> {
    value.ok_or_else(|| Failure(format!("--{name} is required")))
}

/// Every value of a flag given more than once.
pub fn many<T: Clone + Send + Sync + 'static>(args: &ArgMatches, name: &str) -> Option<Vec<T>> {
    args.get_many::<T>(name)
        .map(|values| values.cloned().collect())
}

/// A flag whose value is JSON of type `T` (an object, a list of objects).
pub fn json<T: DeserializeOwned>(args: &ArgMatches, name: &str) -> Result<Option<T>, Failure> {
    let Some(text) = args.get_one::<String>(name) else {
        return Ok(None);
    };
    decode(text.as_bytes(), &format!("--{name}")).map(Some)
}

/// The request body from `--body FILE` (or `--body -`, stdin), decoded as
/// `T` before anything is sent; a mismatch names the field.
pub fn json_body<T: DeserializeOwned>(args: &ArgMatches) -> Result<T, Failure> {
    decode(&body_bytes(args)?, "the body")
}

/// The request body as text.
pub fn text_body(args: &ArgMatches) -> Result<String, Failure> {
    String::from_utf8(body_bytes(args)?).map_err(|_| Failure("the body is not UTF-8 text".into()))
}

/// The request body as bytes.
pub fn bytes_body(args: &ArgMatches) -> Result<bytes::Bytes, Failure> {
    body_bytes(args).map(bytes::Bytes::from)
}

fn body_bytes(args: &ArgMatches) -> Result<Vec<u8>, Failure> {
    let path = required::<String>(args, "body")?;
    if path == "-" {
        let mut bytes = Vec::new();
        io::stdin()
            .read_to_end(&mut bytes)
            .map_err(|e| Failure(format!("the body cannot be read from stdin: {e}")))?;
        Ok(bytes)
    } else {
        std::fs::read(&path)
            .map_err(|e| Failure(format!("the body cannot be read from {path}: {e}")))
    }
}

fn decode<T: DeserializeOwned>(bytes: &[u8], what: &str) -> Result<T, Failure> {
    let mut json = serde_json::Deserializer::from_slice(bytes);
    serde_path_to_error::deserialize(&mut json).map_err(|error| {
        let at = error.path().to_string();
        let inner = error.into_inner();
        if at == "." {
            Failure(format!("{what} is not what the API takes: {inner}"))
        } else {
            Failure(format!(
                "{what} is not what the API takes: at `{at}`: {inner}"
            ))
        }
    })
}

/// A date-time flag (RFC 3339).
pub fn date_time(text: &str) -> Result<chrono::DateTime<chrono::Utc>, String> {
    chrono::DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&chrono::Utc))
        .map_err(|e| format!("not an RFC 3339 date-time ({e}), like 2024-05-01T12:00:00Z"))
}

/// A date flag (`2024-05-01`).
pub fn date(text: &str) -> Result<chrono::NaiveDate, String> {
    text.parse()
        .map_err(|e| format!("not a date ({e}), like 2024-05-01"))
}

/// The `--all` flag of a list's command.
pub fn all_arg() -> Arg {
    Arg::new("all")
        .long("all")
        .action(ArgAction::SetTrue)
        .help("Every item (from --offset, up to --limit), fetched page by page, one JSON line each")
}

/// Where answers go.
pub struct Output {
    out: io::Stdout,
    pretty: bool,
}

impl Default for Output {
    fn default() -> Self {
        let out = io::stdout();
        let pretty = out.is_terminal();
        Self { out, pretty }
    }
}

impl Output {
    /// Prints one answer as JSON.
    pub fn json<T: Serialize>(&mut self, value: &T) -> Outcome {
        let text = if self.pretty {
            serde_json::to_string_pretty(value)
        } else {
            serde_json::to_string(value)
        }?;
        self.write(format!("{text}\n").as_bytes())
    }

    /// Prints JSON as JSON, anything else as it came.
    #[allow(
        dead_code,
        reason = "used by operations answering JSON or any media type, which not every API has"
    )]
    pub fn json_or<T: Serialize>(&mut self, answer: &JsonOr<T>) -> Outcome {
        match answer {
            JsonOr::Json(value) => self.json(value),
            JsonOr::Other(body) => self.raw(body),
        }
    }

    /// Prints a body that is not JSON as it came.
    pub fn raw(&mut self, body: &RawBody) -> Outcome {
        self.write(&body.bytes)
    }

    /// Prints each item of a stream as one JSON line, fetching the next
    /// only when the line before is written.
    pub async fn stream<T, E, S>(&mut self, items: S) -> Outcome
    where
        T: Serialize,
        E: Display,
        S: Stream<Item = Result<T, E>>,
    {
        let mut items = std::pin::pin!(items);
        while let Some(item) = items.next().await {
            let line = serde_json::to_string(&item.map_err(|e| Failure(e.to_string()))?)?;
            if let Done::Quiet = self.write(format!("{line}\n").as_bytes())? {
                return Ok(Done::Quiet);
            }
        }
        Ok(Done::Printed)
    }

    fn write(&mut self, bytes: &[u8]) -> Outcome {
        let mut out = self.out.lock();
        match out.write_all(bytes).and_then(|()| out.flush()) {
            Ok(()) => Ok(Done::Printed),
            Err(error) if error.kind() == io::ErrorKind::BrokenPipe => Ok(Done::Quiet),
            Err(error) => Err(Failure(format!("the answer cannot be written: {error}"))),
        }
    }
}
