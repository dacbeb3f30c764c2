//! The codegen config: conventions of an API that its spec's shapes do not
//! state (the names of environment variables, how operations group into
//! resources, which 404 answers mean "not found"). Every key is optional;
//! what is left out is read from the spec or takes the documented default.
//!
//! The workspace reads `spec/codegen.yaml`; a standalone crate reads the
//! file given with `--config`. The README lists every key.

use std::path::Path;

use serde::Deserialize;

use crate::error::{Error, Location, Result};
use crate::pointer;

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
pub struct Config {
    /// Where requests go by default, instead of the spec's first server.
    pub base_url: Option<String>,
    /// Names of the environment variables `from_env` reads.
    #[serde(default)]
    pub env: EnvConfig,
    /// How operations are grouped on the client.
    pub resources: Option<ResourcesConfig>,
    /// The field whose value is the result in a one-field success body
    /// (default `data`); `false` turns unwrapping off.
    pub envelope: Option<EnvelopeConfig>,
    /// The names of offset/limit paging's parameters and page fields.
    #[serde(default)]
    pub pagination: PaginationConfig,
    /// Where an error body holds the error's type and message.
    #[serde(default)]
    pub errors: ErrorsConfig,
    /// Which error answers of a get-like operation mean "not found".
    #[serde(default)]
    pub not_found: NotFoundConfig,
    /// The data of a server-sent event that ends its stream (default
    /// `[DONE]`, as OpenAI's and others' streams end); `false`: none.
    pub stream_end: Option<StreamEndConfig>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum StreamEndConfig {
    Data(String),
    /// Only `false` is meaningful: no event ends a stream but its end.
    Enabled(bool),
}

/// Environment variable names the config sets; the rest are derived from
/// the crate's name (see [`EnvConfig::resolve`]).
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnvConfig {
    /// Prefix of every variable (default: the crate name in upper snake case).
    pub prefix: Option<String>,
    pub base_url: Option<String>,
    pub token: Option<String>,
    pub username: Option<String>,
    pub password: Option<String>,
    pub api_key: Option<String>,
}

/// Every environment variable name, resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnvNames {
    pub base_url: String,
    pub token: String,
    pub username: String,
    pub password: String,
    pub api_key: String,
}

impl EnvConfig {
    /// `<PREFIX>_BASE_URL`, `<PREFIX>_TOKEN`, … with PREFIX the crate name
    /// in upper snake case, unless configured.
    pub fn resolve(&self, crate_name: &str) -> EnvNames {
        let prefix = self.prefix.clone().unwrap_or_else(|| {
            crate_name
                .chars()
                .map(|c| {
                    if c.is_ascii_alphanumeric() {
                        c.to_ascii_uppercase()
                    } else {
                        '_'
                    }
                })
                .collect()
        });
        let name = |set: &Option<String>, suffix: &str| {
            set.clone().unwrap_or_else(|| format!("{prefix}_{suffix}"))
        };
        EnvNames {
            base_url: name(&self.base_url, "BASE_URL"),
            token: name(&self.token, "TOKEN"),
            username: name(&self.username, "USERNAME"),
            password: name(&self.password, "PASSWORD"),
            api_key: name(&self.api_key, "API_KEY"),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ResourcesConfig {
    /// Every operation is a method of the client (the default).
    Flat,
    /// `resource_verb` operationIds: operations sharing the part before the
    /// first `_` are methods of one resource handle.
    OperationIdPrefix,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum EnvelopeConfig {
    Field(String),
    /// Only `false` is meaningful: no unwrapping.
    Enabled(bool),
}

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PaginationConfig {
    pub offset: Option<String>,
    pub limit: Option<String>,
    pub items: Option<String>,
    pub total: Option<String>,
}

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ErrorsConfig {
    /// JSON pointer to the error's type in an error body (`/error/type`).
    #[serde(rename = "type")]
    pub kind: Option<String>,
    /// JSON pointer to the error's message (`/error/message`).
    pub message: Option<String>,
}

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NotFoundConfig {
    /// The status that can mean "not found" (default 404).
    pub status: Option<u16>,
    /// When listed, only errors of these types mean "not found"; other
    /// answers with the status (a wrong URL, say) stay errors.
    #[serde(default)]
    pub error_types: Vec<String>,
}

impl Config {
    /// Reads the config at `path`; errors name the file and pointer.
    pub fn read(path: &Path) -> Result<Config> {
        let config: Config = read_settings(
            path,
            "not a codegen setting",
            "The README's \"Conventions\" section lists the settings.",
        )?;
        config.check(path)?;
        Ok(config)
    }

    fn check(&self, path: &Path) -> Result<()> {
        let at = |pointer: &str| Location::new(path, pointer);
        for (key, value) in [
            ("type", &self.errors.kind),
            ("message", &self.errors.message),
        ] {
            if let Some(value) = value
                && !value.starts_with('/')
            {
                return Err(Error::spec(
                    &at(&format!("/errors/{key}")),
                    format!(
                        "`{value}` is not a JSON pointer. Write where the value is in an error body, like `/error/{key}`."
                    ),
                ));
            }
        }
        if let Some(EnvelopeConfig::Enabled(true)) = self.envelope {
            return Err(Error::spec(
                &at("/envelope"),
                "`envelope: true` does not say which field holds the result. Name the field (`envelope: data`) or write `false`.",
            ));
        }
        if let Some(StreamEndConfig::Enabled(true)) = self.stream_end {
            return Err(Error::spec(
                &at("/stream_end"),
                "`stream_end: true` does not say which event data ends a stream. Write the data (`stream_end: \"[DONE]\"`) or `false`.",
            ));
        }
        Ok(())
    }

    /// The envelope field to unwrap, if any.
    pub fn envelope_field(&self) -> Option<&str> {
        match &self.envelope {
            None => Some("data"),
            Some(EnvelopeConfig::Field(field)) => Some(field),
            Some(EnvelopeConfig::Enabled(_)) => None,
        }
    }

    /// The data of an event that ends a stream, if any.
    pub fn stream_end(&self) -> Option<&str> {
        match &self.stream_end {
            None => Some("[DONE]"),
            Some(StreamEndConfig::Data(data)) => Some(data),
            Some(StreamEndConfig::Enabled(_)) => None,
        }
    }
}

/// A YAML (or JSON) file of the project's settings, read as `T`; an empty
/// file is an empty mapping. What does not fit is an error naming the file
/// and the pointer: "`{path}#{pointer}`: {what}: {serde's reason}. {hint}".
pub(crate) fn read_settings<T: serde::de::DeserializeOwned>(
    path: &Path,
    what: &str,
    hint: &str,
) -> Result<T> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    let value = if text.trim().is_empty() {
        serde_json::Value::Object(Default::default())
    } else {
        crate::load::parse(path, &text)?
    };
    serde_path_to_error::deserialize(&value).map_err(|error| {
        Error::spec(
            &Location::new(path, pointer::from_serde_path(error.path())),
            format!("{what}: {}. {hint}", error.inner()),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Result<Config> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("codegen.yaml");
        std::fs::write(&path, text).unwrap();
        Config::read(&path).map_err(|e| match e {
            Error::Spec { location, message } => Error::Spec {
                location: Location::new("codegen.yaml", location.pointer),
                message,
            },
            other => other,
        })
    }

    #[test]
    fn settings_are_read_and_defaults_stay_unset() {
        let config = read(
            "env: {token: APIFY_TOKEN}\nresources: operation-id-prefix\nenvelope: false\nnot_found: {error_types: [record-not-found]}\n",
        )
        .unwrap();
        assert_eq!(config.env.token.as_deref(), Some("APIFY_TOKEN"));
        assert_eq!(config.resources, Some(ResourcesConfig::OperationIdPrefix));
        assert_eq!(config.envelope_field(), None);
        assert_eq!(config.not_found.error_types, ["record-not-found"]);
        assert_eq!(read("").unwrap().envelope_field(), Some("data"));
    }

    #[test]
    fn mistakes_are_located() {
        let error = read("env: {tokn: X}\n").unwrap_err().to_string();
        assert!(
            error
                .starts_with("codegen.yaml#/env/tokn: not a codegen setting: unknown field `tokn`"),
            "{error}"
        );
        let error = read("errors: {type: error.type}\n")
            .unwrap_err()
            .to_string();
        assert!(
            error.starts_with("codegen.yaml#/errors/type: `error.type` is not a JSON pointer"),
            "{error}"
        );
        let error = read("resources: by-tag\n").unwrap_err().to_string();
        assert!(error.starts_with("codegen.yaml#/resources: "), "{error}");
    }
}
