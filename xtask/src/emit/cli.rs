//! The command line: one subcommand per operation (`<operationId in
//! kebab-case>`), one flag per parameter (`--<name in kebab-case>`), typed
//! as the spec types it, required where it is required, documented with the
//! spec's descriptions; calling the client's public surface, so the command
//! line retries, unwraps and pages as the library does. The hand-written
//! runtime (`crates/apify-api-cli/src/runtime.rs`) prints and exits.
//!
//! The generated file sits beside the runtime and a `client` path to the
//! client crate (`super::runtime`, `super::client`).

use heck::ToKebabCase;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::surface::positional;
use super::{rust_type, rust_type_text};
use crate::model::{
    Api, BodyKind, Operation, Param, ParamLocation, Payload, Success, TypeKind, TypeRef, find_type,
};
use crate::names::Unique;

/// The options every command has, as the command line's runtime defines
/// them (`with_global_options`; `layout`'s tests check the two agree), with
/// their value names.
pub const GLOBAL_OPTIONS: &[(&str, &str)] = &[
    ("base-url", "URL"),
    ("max-retries", "N"),
    ("timeout-secs", "S"),
];

/// The flag of a request body, of its media type (for bytes), and of a
/// paged list's every item (the runtime's `all_arg`).
const BODY: &str = "body";
const CONTENT_TYPE: &str = "content-type";
const ALL: &str = "all";

/// Flags a parameter's flag must differ from: the global options, the
/// ones above, and clap's own.
fn taken_flags() -> impl Iterator<Item = &'static str> {
    GLOBAL_OPTIONS
        .iter()
        .map(|(flag, _)| *flag)
        .chain([BODY, CONTENT_TYPE, ALL, "help", "version"])
}

/// The generated commands of the program `bin`. `same_crate`: the client is
/// the crate this code is in (a standalone crate), where matching its
/// `#[non_exhaustive]` enums needs no catch-all arm.
pub fn commands(api: &Api, bin: &str, same_crate: bool) -> TokenStream {
    let models = quote!(super::client::models::);
    let cx = Commands {
        api,
        models: &models,
        same_crate,
    };
    let mut names = Unique::default();
    let mut builders = Vec::new();
    let mut arms = Vec::new();
    let mut fns = Vec::new();
    let mut left_out = Vec::new();
    for op in &api.operations {
        if op.success == Success::Upgrade {
            left_out.push(op.id.clone());
            continue;
        }
        let name = names.claim(&kebab(&op.id));
        let command_fn = format_ident!("{}_command", op.name);
        let run_fn = format_ident!("{}_run", op.name);
        let flags = flags(op);
        builders.push(quote!(.subcommand(#command_fn())));
        arms.push(quote!(#name => #run_fn(&client, &args, &mut out).await,));
        fns.push(cx.command(op, &name, &command_fn, &flags));
        fns.push(cx.run(op, &run_fn, &flags, false));
        if op.surface.stream_method.is_some() {
            // The streaming twin: the same flags, its own command.
            let name = names.claim(&format!("{}-stream", kebab(&op.id)));
            let about = format!("`{}` answered as a stream: one JSON line per item.", op.id);
            let stream_fn = format_ident!("{}_stream_run", op.name);
            builders.push(quote!(.subcommand(#command_fn().name(#name).about(#about))));
            arms.push(quote!(#name => #stream_fn(&client, &args, &mut out).await,));
            fns.push(cx.run(op, &stream_fn, &flags, true));
        }
    }
    let dispatch = if arms.is_empty() {
        // An API without operations: nothing to run.
        quote! {
            async fn dispatch(_: Client, name: String, _: clap::ArgMatches) -> cli::Outcome {
                Err(cli::Failure(format!("there is no command `{name}`")))
            }
        }
    } else {
        quote! {
            async fn dispatch(client: Client, name: String, args: clap::ArgMatches) -> cli::Outcome {
                let mut out = cli::Output::default();
                match name.as_str() {
                    #(#arms)*
                    other => Err(cli::Failure(format!("there is no command `{other}`"))),
                }
            }
        }
    };
    let about = format!(
        "{} (version {}), from the command line.",
        api.title, api.version
    );
    let after_help = (!left_out.is_empty()).then(|| {
        let text = format!(
            "Not here: {} (protocol upgrades, which need a websocket library; use the client crate).",
            left_out.join(", ")
        );
        quote!(.after_help(#text))
    });
    let allow = super::file_allows(api);
    quote! {
        #allow
        use super::client::Client;
        use super::runtime as cli;

        /// The program's command line: one subcommand per operation.
        pub fn command() -> clap::Command {
            cli::with_global_options(
                clap::Command::new(#bin)
                    .about(#about)
                    .version(env!("CARGO_PKG_VERSION"))
                    .subcommand_required(true)
                    .arg_required_else_help(true)
                    #after_help
            )
            #(#builders)*
        }

        /// Runs the program with the process's arguments and environment.
        pub fn main() -> std::process::ExitCode {
            cli::main(command(), dispatch)
        }

        #dispatch

        #(#fns)*
    }
}

/// `webhookDispatch_get` → `webhook-dispatch-get`.
fn kebab(text: &str) -> String {
    let words: String = text
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    let kebab = words.to_kebab_case();
    if kebab.is_empty() { "x".into() } else { kebab }
}

/// Each parameter's flag, unique in the command and apart from the global
/// ones.
fn flags(op: &Operation) -> Vec<String> {
    let mut unique = Unique::default();
    taken_flags().for_each(|f| unique.reserve(f));
    op.params
        .iter()
        .map(|p| {
            let want = kebab(&p.wire);
            if unique.is_taken(&want) {
                unique.claim(&format!("{want}-{}", p.location.key()))
            } else {
                unique.claim(&want)
            }
        })
        .collect()
}

/// How a flag's text becomes a value.
enum Flag {
    /// clap parses it as the Rust type itself (`value_parser!`), or with a
    /// runtime function (dates).
    Direct { parser: TokenStream },
    /// A string enumeration: clap checks the value is listed.
    Enum {
        ty: TokenStream,
        values: Vec<String>,
    },
    /// Given more than once, each value parsed as `item`.
    List { item: Box<Flag> },
    /// JSON text of the Rust type.
    Json,
}

struct Commands<'a> {
    api: &'a Api,
    models: &'a TokenStream,
    same_crate: bool,
}

impl Commands<'_> {
    fn owned(&self, ty: &TypeRef) -> TokenStream {
        rust_type(ty, self.models)
    }

    fn flag(&self, ty: &TypeRef) -> Flag {
        let direct = |parser: TokenStream| Flag::Direct { parser };
        match ty {
            TypeRef::Bool => direct(quote!(clap::value_parser!(bool))),
            TypeRef::I32 => direct(quote!(clap::value_parser!(i32))),
            TypeRef::I64 => direct(quote!(clap::value_parser!(i64))),
            TypeRef::F64 => direct(quote!(clap::value_parser!(f64))),
            TypeRef::String => direct(quote!(clap::value_parser!(String))),
            TypeRef::DateTime => direct(quote!(cli::date_time)),
            TypeRef::Date => direct(quote!(cli::date)),
            TypeRef::Named(name) => match find_type(&self.api.types, name).map(|t| &t.kind) {
                Some(TypeKind::Enum(variants)) => Flag::Enum {
                    ty: self.owned(ty),
                    values: variants.iter().map(|v| v.value.clone()).collect(),
                },
                Some(TypeKind::Alias(target)) => match self.flag(target) {
                    // An alias of a list or object is still JSON of the alias.
                    Flag::List { .. } => Flag::Json,
                    other => other,
                },
                _ => Flag::Json,
            },
            TypeRef::List(item) => match self.flag(item) {
                Flag::Json | Flag::List { .. } => Flag::Json,
                item => Flag::List {
                    item: Box::new(item),
                },
            },
            _ => Flag::Json,
        }
    }

    /// The subcommand's definition.
    fn command(
        &self,
        op: &Operation,
        name: &str,
        command_fn: &proc_macro2::Ident,
        flags: &[String],
    ) -> TokenStream {
        let about = op
            .summary
            .clone()
            .or_else(|| {
                op.description
                    .as_ref()
                    .and_then(|d| d.lines().next().map(str::to_string))
            })
            .unwrap_or_else(|| format!("{} {}", op.method.http(), op.path.raw));
        let long_about = match &op.description {
            Some(description) => format!(
                "{}\n\n{}\n\n{} {} ({})",
                about.trim_end_matches('.'),
                description.trim(),
                op.method.http(),
                op.path.raw,
                op.id
            ),
            None => format!(
                "{about}\n\n{} {} ({})",
                op.method.http(),
                op.path.raw,
                op.id
            ),
        };
        let args = op
            .params
            .iter()
            .zip(flags)
            .map(|(p, flag)| self.arg(p, flag));
        let body = op.body.as_ref().map(|body| {
            let (what, content_type) = match &body.kind {
                BodyKind::Json(ty) | BodyKind::Form(ty) => (
                    format!("JSON of type `{}`", rust_type_text(ty)),
                    None,
                ),
                BodyKind::Text => ("text".to_string(), None),
                BodyKind::Bytes { content_types } => {
                    let help = format!("The media type of the body (the API takes {})", content_types.join(", "));
                    (
                        "bytes".to_string(),
                        Some(quote! {
                            .arg(clap::Arg::new(#CONTENT_TYPE).long(#CONTENT_TYPE).required(true).value_name("TYPE").help(#help))
                        }),
                    )
                }
            };
            let help = format!("The request body ({what}): a file, or - for stdin");
            quote! {
                .arg(clap::Arg::new(#BODY).long(#BODY).required(true).value_name("FILE").help(#help))
                #content_type
            }
        });
        let all = op
            .conventions
            .paging
            .is_some()
            .then(|| quote!(.arg(cli::all_arg())));
        quote! {
            fn #command_fn() -> clap::Command {
                clap::Command::new(#name)
                    .about(#about)
                    .long_about(#long_about)
                    #(#args)*
                    #body
                    #all
            }
        }
    }

    fn arg(&self, p: &Param, flag: &str) -> TokenStream {
        let mut help = p.doc.clone().unwrap_or_default();
        if p.location == ParamLocation::Header || p.location == ParamLocation::Cookie {
            help = format!("{} ({} `{}`)", help.trim_end(), p.location.key(), p.wire)
                .trim_start()
                .to_string();
        }
        let required = p.required;
        let value = match self.flag(&p.ty) {
            Flag::Direct { parser } => match p.ty {
                TypeRef::Bool => quote! {
                    .value_parser(#parser).num_args(0..=1).default_missing_value("true")
                },
                _ => quote!(.value_parser(#parser)),
            },
            Flag::Enum { values, .. } => {
                quote!(.value_parser(clap::builder::PossibleValuesParser::new([#(#values),*])))
            }
            Flag::List { item } => match *item {
                Flag::Direct { parser } => {
                    quote!(.value_parser(#parser).action(clap::ArgAction::Append))
                }
                Flag::Enum { values, .. } => quote! {
                    .value_parser(clap::builder::PossibleValuesParser::new([#(#values),*]))
                    .action(clap::ArgAction::Append)
                },
                _ => unreachable!("lists of lists and JSON are JSON"),
            },
            Flag::Json => quote!(),
        };
        let help = (!help.is_empty()).then(|| quote!(.help(#help)));
        let value_name = match self.flag(&p.ty) {
            Flag::Json => "JSON".to_string(),
            _ => flag.to_uppercase().replace('-', "_"),
        };
        quote! {
            .arg(clap::Arg::new(#flag).long(#flag).required(#required).value_name(#value_name) #value #help)
        }
    }

    /// The subcommand's run: call the client with each flag's value, and
    /// print. Values are read where they are passed, so no name from the
    /// spec is bound here: only the function's own `client`, `args`, `out`
    /// and `options`.
    fn run(
        &self,
        op: &Operation,
        run_fn: &proc_macro2::Ident,
        flags: &[String],
        twin: bool,
    ) -> TokenStream {
        let flag_of = |p: &Param| {
            let i = op
                .params
                .iter()
                .position(|q| std::ptr::eq(q, p))
                .expect("a parameter of the operation");
            flags[i].as_str()
        };
        let options = op.surface.options.as_ref().map(|options| {
            let options = format_ident!("{options}");
            let fields = op.params.iter().filter(|p| !p.required).map(|p| {
                let field = format_ident!("{}", p.name);
                let value = self.read(p, flag_of(p));
                quote!(options.#field = #value;)
            });
            // Set field by field: the struct is `#[non_exhaustive]` (to
            // other crates; clippy, in a standalone crate, sees one).
            quote! {
                let mut options = super::client::#options::default();
                #(#fields)*
            }
        });
        let place = match op.surface.resource {
            Some(index) => {
                let resource = &self.api.resources[index];
                let accessor = format_ident!("{}", resource.accessor);
                let shared = resource.shared.iter().map(|s| {
                    let p = op
                        .params
                        .iter()
                        .find(|p| p.location == ParamLocation::Path && p.wire == s.wire)
                        .expect("a handle holds the operation's own path parameters");
                    self.required(p, flag_of(p))
                });
                quote!(client.#accessor(#(#shared),*))
            }
            None => quote!(client),
        };
        let handle_place = match op.surface.resource {
            Some(index) => crate::emit::surface::Place::Handle(&self.api.resources[index]),
            None => crate::emit::surface::Place::Client,
        };
        let positional: Vec<TokenStream> = positional(op, &handle_place)
            .into_iter()
            .map(|p| {
                let value = self.required(p, flag_of(p));
                if p.ty.is_copy() {
                    value
                } else {
                    quote!(&#value)
                }
            })
            .collect();
        let mut call_args = positional.clone();
        if let Some(body) = &op.body {
            call_args.extend(match &body.kind {
                BodyKind::Json(ty) | BodyKind::Form(ty) => {
                    let ty = self.owned(ty);
                    vec![quote!(&cli::json_body::<#ty>(args)?)]
                }
                BodyKind::Text => vec![quote!(&cli::text_body(args)?)],
                BodyKind::Bytes { .. } => vec![
                    quote!(cli::bytes_body(args)?),
                    quote!(&cli::required::<String>(args, #CONTENT_TYPE)?),
                ],
            });
        }
        if op.surface.options.is_some() {
            call_args.push(quote!(options));
        }
        let method = match (twin, &op.surface.stream_method) {
            (true, Some(stream)) => format_ident!("{stream}"),
            _ => format_ident!("{}", op.surface.method),
        };
        let call = quote!(#place.#method(#(#call_args),*).await?);
        let streams = twin || op.success == Success::Stream;
        let all = match (&op.conventions.paging, &op.surface.iterate) {
            (Some(_), Some(iterate)) if !streams => {
                let iterate = format_ident!("{iterate}");
                Some(quote! {
                    if args.get_flag(#ALL) {
                        return out.stream(#place.#iterate(#(#positional,)* options)).await;
                    }
                })
            }
            _ => None,
        };
        let not_found = format!("`{}` found nothing with these arguments", op.id);
        let print = if streams {
            quote!(out.stream(#call).await)
        } else if op.conventions.none_on_not_found {
            let answer = self.print(op);
            quote! {
                match #call {
                    Some(answer) => { #answer }
                    None => Ok(cli::Done::NotFound(#not_found.into())),
                }
            }
        } else if op.success == Success::Empty {
            quote! {
                #call;
                Ok(cli::Done::Printed)
            }
        } else {
            let answer = self.print(op);
            quote! {
                let answer = #call;
                #answer
            }
        };
        // Flags are read only by operations that have some.
        let uses_args = !op.params.is_empty() || op.body.is_some() || all.is_some();
        let args = if uses_args { quote!(args) } else { quote!(_) };
        let prints = op.success != Success::Empty || all.is_some() || streams;
        let out = if prints { quote!(out) } else { quote!(_) };
        let reassign = options
            .is_some()
            .then(|| quote!(#[allow(clippy::field_reassign_with_default)]));
        quote! {
            #reassign
            async fn #run_fn(client: &Client, #args: &clap::ArgMatches, #out: &mut cli::Output) -> cli::Outcome {
                #options
                #all
                #print
            }
        }
    }

    /// The value of parameter `p` from its flag, if it was given: an
    /// `Option` of its type.
    fn read(&self, p: &Param, flag: &str) -> TokenStream {
        let ty = self.owned(&p.ty);
        match self.flag(&p.ty) {
            Flag::Direct { .. } => quote!(cli::one::<#ty>(args, #flag)),
            Flag::Enum { ty, .. } => quote!(cli::one::<String>(args, #flag).map(#ty::from)),
            Flag::List { item } => match *item {
                Flag::Enum { ty: item_ty, .. } => quote! {
                    cli::many::<String>(args, #flag).map(|values| values.into_iter().map(#item_ty::from).collect())
                },
                _ => quote!(cli::many(args, #flag)),
            },
            Flag::Json => quote!(cli::json::<#ty>(args, #flag)?),
        }
    }

    /// The value of required parameter `p` from its flag (clap has checked
    /// that it was given).
    fn required(&self, p: &Param, flag: &str) -> TokenStream {
        let value = self.read(p, flag);
        quote!(cli::given(#value, #flag)?)
    }

    /// Printing `answer`.
    fn print(&self, op: &Operation) -> TokenStream {
        match &op.success {
            Success::Empty | Success::Upgrade => quote!(Ok(cli::Done::Printed)),
            Success::Stream => unreachable!("a stream is printed item by item"),
            Success::Json(_) => quote!(out.json(&answer)),
            Success::JsonOrBytes(_) => quote!(out.json_or(&answer)),
            Success::Bytes => quote!(out.raw(&answer)),
            Success::Several(cases) => {
                let name = crate::emit::surface::response_enum(op);
                let arms = cases.iter().map(|case| {
                    let variant = format_ident!("{}", case.variant);
                    match &case.payload {
                        None => quote!(super::client::#name::#variant => Ok(cli::Done::Printed),),
                        Some(Payload::Json(_)) => {
                            quote!(super::client::#name::#variant(value) => out.json(&value),)
                        }
                        Some(Payload::Bytes) => {
                            quote!(super::client::#name::#variant(body) => out.raw(&body),)
                        }
                        Some(Payload::JsonOrBytes(_)) => {
                            quote!(super::client::#name::#variant(value) => out.json_or(&value),)
                        }
                    }
                });
                // From another crate, a `#[non_exhaustive]` enum needs a
                // catch-all arm (in its own crate, one would be unreachable).
                let catch_all = (!self.same_crate).then(|| quote!(_ => Ok(cli::Done::Printed),));
                let other = quote! {
                    super::client::#name::Other(body) => out.raw(&body),
                    #catch_all
                };
                quote! {
                    match answer {
                        #(#arms)*
                        #other
                    }
                }
            }
        }
    }
}

/// The command line's interface, one line per command and per flag: what a
/// script that runs the program depends on.
pub fn interface(api: &Api, bin: &str) -> Vec<String> {
    let cx = Commands {
        api,
        models: &quote!(),
        same_crate: false,
    };
    let mut lines: Vec<String> = GLOBAL_OPTIONS
        .iter()
        .map(|(flag, value)| format!("{bin} --{flag} <{value}>"))
        .collect();
    let mut names = Unique::default();
    for op in api
        .operations
        .iter()
        .filter(|op| op.success != Success::Upgrade)
    {
        let command = format!("{bin} {}", names.claim(&kebab(&op.id)));
        lines.push(command.clone());
        if op.surface.stream_method.is_some() {
            let twin = names.claim(&format!("{}-stream", kebab(&op.id)));
            lines.push(format!("{bin} {twin} (the flags of {command})"));
        }
        for (p, flag) in op.params.iter().zip(flags(op)) {
            let required = p.required;
            let value = match cx.flag(&p.ty) {
                Flag::Enum { values, .. } => format!("<one of: {}>", values.join(", ")),
                Flag::List { .. } => format!("<{}>…", rust_type_text(&p.ty)),
                Flag::Json => format!("<JSON of {}>", rust_type_text(&p.ty)),
                Flag::Direct { .. } => format!("<{}>", rust_type_text(&p.ty)),
            };
            let required = if required { " (required)" } else { "" };
            lines.push(format!("{command} --{flag} {value}{required}"));
        }
        if let Some(body) = &op.body {
            let what = match &body.kind {
                BodyKind::Json(ty) | BodyKind::Form(ty) => {
                    format!("JSON of {}", rust_type_text(ty))
                }
                BodyKind::Text => "text".into(),
                BodyKind::Bytes { .. } => "bytes".into(),
            };
            lines.push(format!("{command} --body <FILE: {what}> (required)"));
            if matches!(body.kind, BodyKind::Bytes { .. }) {
                lines.push(format!("{command} --content-type <TYPE> (required)"));
            }
        }
        if op.conventions.paging.is_some() {
            lines.push(format!("{command} --all"));
        }
    }
    lines.sort();
    lines
}
