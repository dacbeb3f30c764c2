//! Credentials, and which of them go with a request: the first of the
//! operation's alternatives whose schemes all have a credential.

use std::fmt;

use base64::Engine;
use reqwest::header::{AUTHORIZATION, HeaderName, HeaderValue};

use super::api::{Api, KeyPlace, Operation, SchemeKind};
use super::error::Error;

/// Text that must never be shown: its `Debug` says only that it is set.
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct Secret(pub(crate) String);

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

/// What the user gave to authenticate with.
#[derive(Clone, Default, Debug)]
pub(crate) struct Credentials {
    /// For bearer schemes (HTTP bearer, OAuth 2, OpenID Connect).
    pub token: Option<Secret>,
    /// For HTTP basic.
    pub basic: Option<(String, Secret)>,
    /// For every API key scheme without a key of its own.
    pub api_key: Option<Secret>,
    /// Keys for named API key schemes.
    pub scheme_keys: Vec<(String, Secret)>,
    /// The `Authorization` values of the token and of the username and
    /// password, made once (by [`Credentials::check`]) rather than for
    /// every request; marked sensitive.
    bearer: Option<HeaderValue>,
    basic_value: Option<HeaderValue>,
}

impl Credentials {
    /// The secrets, for redaction.
    pub fn secrets(&self) -> Vec<&str> {
        let mut secrets: Vec<&str> = Vec::new();
        secrets.extend(self.token.as_ref().map(|s| s.0.as_str()));
        secrets.extend(self.basic.as_ref().map(|(_, s)| s.0.as_str()));
        secrets.extend(self.api_key.as_ref().map(|s| s.0.as_str()));
        secrets.extend(self.scheme_keys.iter().map(|(_, s)| s.0.as_str()));
        secrets
    }

    fn key_for(&self, scheme: &str) -> Option<&Secret> {
        self.scheme_keys
            .iter()
            .find(|(name, _)| name == scheme)
            .map(|(_, key)| key)
            .or(self.api_key.as_ref())
    }

    fn has(&self, api: &Api, scheme: usize) -> bool {
        let Some(scheme) = api.schemes.get(scheme) else {
            return false;
        };
        match scheme.kind {
            SchemeKind::Bearer => self.token.is_some(),
            SchemeKind::Basic => self.basic.is_some(),
            SchemeKind::ApiKey { .. } => self.key_for(scheme.name).is_some(),
        }
    }

    /// Checks that every credential can be sent, before any request is, and
    /// makes the `Authorization` values.
    pub fn check(&mut self, api: &Api) -> Result<(), Error> {
        let invalid = |what: &str| {
            // The message must not quote the secret.
            Error::Config(format!("the {what} has characters a request cannot hold"))
        };
        let kinds: Vec<SchemeKind> = api.schemes.iter().map(|s| s.kind).collect();
        let unused = |what: &str, wanted: &str| {
            Error::Config(format!(
                "a {what} is set, but the API takes no {wanted}, so it would never be sent"
            ))
        };
        let sensitive = |mut value: HeaderValue| {
            value.set_sensitive(true);
            value
        };
        if let Some(token) = &self.token {
            let value = HeaderValue::from_str(&format!("Bearer {}", token.0))
                .map_err(|_| invalid("token"))?;
            if !kinds.contains(&SchemeKind::Bearer) {
                return Err(unused("token", "bearer token"));
            }
            self.bearer = Some(sensitive(value));
        }
        if let Some((user, password)) = &self.basic {
            if user.contains(':') {
                return Err(Error::Config(
                    "the username contains `:`, which HTTP basic authentication cannot send".into(),
                ));
            }
            if !kinds.contains(&SchemeKind::Basic) {
                return Err(unused("username and password", "HTTP basic authentication"));
            }
            let encoded =
                base64::engine::general_purpose::STANDARD.encode(format!("{user}:{}", password.0));
            let value = HeaderValue::from_str(&format!("Basic {encoded}"))
                .map_err(|_| invalid("username or password"))?;
            self.basic_value = Some(sensitive(value));
        }
        let key_schemes: Vec<&str> = api
            .schemes
            .iter()
            .filter(|s| matches!(s.kind, SchemeKind::ApiKey { .. }))
            .map(|s| s.name)
            .collect();
        for key in self
            .api_key
            .iter()
            .chain(self.scheme_keys.iter().map(|(_, k)| k))
        {
            HeaderValue::from_str(&key.0).map_err(|_| invalid("API key"))?;
        }
        if self.api_key.is_some() && key_schemes.is_empty() {
            return Err(unused("API key", "API key"));
        }
        for (scheme, _) in &self.scheme_keys {
            if !key_schemes.contains(&scheme.as_str()) {
                return Err(Error::Config(format!(
                    "a key is set for `{scheme}`, which is not an API key scheme of this API"
                )));
            }
        }
        Ok(())
    }

    /// Adds to `request` the credentials of the first alternative of `op`
    /// that they satisfy; nothing when none is.
    pub fn apply(&self, api: &Api, op: &Operation, request: &mut reqwest::Request) {
        let Some(chosen) = op
            .security
            .iter()
            .find(|schemes| schemes.iter().all(|&s| self.has(api, s)))
        else {
            return;
        };
        for &index in *chosen {
            let scheme = &api.schemes[index];
            match scheme.kind {
                SchemeKind::Bearer => {
                    if let Some(value) = &self.bearer {
                        request.headers_mut().insert(AUTHORIZATION, value.clone());
                    }
                }
                SchemeKind::Basic => {
                    if let Some(value) = &self.basic_value {
                        request.headers_mut().insert(AUTHORIZATION, value.clone());
                    }
                }
                SchemeKind::ApiKey { place, name } => {
                    let Some(key) = self.key_for(scheme.name) else {
                        continue;
                    };
                    match place {
                        KeyPlace::Header => {
                            if let Ok(header) = HeaderName::from_bytes(name.as_bytes()) {
                                set_header(request, header, &key.0);
                            }
                        }
                        KeyPlace::Query => {
                            request
                                .url_mut()
                                .query_pairs_mut()
                                .append_pair(name, &key.0);
                        }
                        KeyPlace::Cookie => {
                            super::request::add_cookie(
                                request.headers_mut(),
                                &format!("{name}={}", key.0),
                                true,
                            );
                        }
                    }
                }
            }
        }
    }
}

/// Sets a header whose value is (or holds) a secret: marked sensitive, so
/// HTTP/2 never indexes it and `Debug` of the request does not show it.
fn set_header(request: &mut reqwest::Request, name: HeaderName, value: &str) {
    // `check` refused values a header cannot hold.
    if let Ok(mut value) = HeaderValue::from_str(value) {
        value.set_sensitive(true);
        request.headers_mut().insert(name, value);
    }
}
