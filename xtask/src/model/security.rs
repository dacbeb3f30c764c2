//! Security schemes and requirements: which credentials go with which
//! request, and how.

use openapiv3::{APIKeyLocation, OpenAPI, ReferenceOr, SecurityRequirement};

use crate::bundle::Origins;
use crate::error::{Location, Warning};
use crate::pointer;

/// A scheme the client can send credentials with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecurityScheme {
    /// Its key under `components/securitySchemes`.
    pub name: String,
    pub kind: SchemeKind,
    pub doc: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SchemeKind {
    /// `Authorization: Bearer <token>`: HTTP bearer, and OAuth 2 and OpenID
    /// Connect with a token the user obtained.
    Bearer,
    /// `Authorization: Basic …` from a username and password.
    Basic,
    /// An API key in a header, query parameter or cookie of this name.
    ApiKey { place: KeyPlace, name: String },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyPlace {
    Header,
    Query,
    Cookie,
}

/// The schemes under `components/securitySchemes` that the client can
/// send; each other one is named in a warning.
pub fn schemes(
    spec: &OpenAPI,
    origins: &Origins,
    warnings: &mut Vec<Warning>,
) -> Vec<SecurityScheme> {
    let Some(components) = &spec.components else {
        return Vec::new();
    };
    let mut schemes = Vec::new();
    for (name, scheme) in &components.security_schemes {
        let at = origins.locate(&pointer::push("/components/securitySchemes", name));
        let ReferenceOr::Item(scheme) = scheme else {
            continue; // the bundler inlines references
        };
        use openapiv3::SecurityScheme as S;
        let (kind, doc) = match scheme {
            S::APIKey {
                location,
                name,
                description,
                ..
            } => (
                Some(SchemeKind::ApiKey {
                    place: match location {
                        APIKeyLocation::Header => KeyPlace::Header,
                        APIKeyLocation::Query => KeyPlace::Query,
                        APIKeyLocation::Cookie => KeyPlace::Cookie,
                    },
                    name: name.clone(),
                }),
                description,
            ),
            S::HTTP {
                scheme,
                description,
                ..
            } => match scheme.to_ascii_lowercase().as_str() {
                "bearer" => (Some(SchemeKind::Bearer), description),
                "basic" => (Some(SchemeKind::Basic), description),
                other => {
                    warnings.push(Warning {
                        location: at.child("scheme"),
                        message: format!(
                            "HTTP authentication scheme `{other}` is not supported (bearer and basic are); operations that need it are sent without it"
                        ),
                    });
                    (None, description)
                }
            },
            S::OAuth2 { description, .. } | S::OpenIDConnect { description, .. } => {
                (Some(SchemeKind::Bearer), description)
            }
        };
        if let Some(kind) = kind {
            schemes.push(SecurityScheme {
                name: name.clone(),
                kind,
                doc: description_of(doc),
            });
        }
    }
    schemes
}

fn description_of(doc: &Option<String>) -> Option<String> {
    doc.clone().filter(|d| !d.trim().is_empty())
}

/// An operation's requirements as alternatives of scheme indices. A
/// requirement that names a scheme the client cannot send is dropped (with
/// a warning); `security: []` and `{}` send nothing.
pub fn requirements(
    requirements: &[SecurityRequirement],
    schemes: &[SecurityScheme],
    at: &Location,
    warnings: &mut Vec<Warning>,
) -> Vec<Vec<usize>> {
    let mut alternatives = Vec::new();
    for (i, requirement) in requirements.iter().enumerate() {
        let mut indices = Vec::new();
        let mut usable = true;
        for name in requirement.keys() {
            match schemes.iter().position(|s| s.name == *name) {
                Some(index) => indices.push(index),
                None => {
                    usable = false;
                    warnings.push(Warning {
                        location: at.child(&i.to_string()),
                        message: format!(
                            "security scheme `{name}` is not defined or cannot be sent; this way of authenticating is left out"
                        ),
                    });
                }
            }
        }
        // `{}`: authentication is optional; nothing to send.
        if usable && !alternatives.contains(&indices) {
            alternatives.push(indices);
        }
    }
    // Nothing to send if any alternative asks for nothing.
    if alternatives.iter().any(Vec::is_empty) {
        alternatives.retain(|a| !a.is_empty());
        alternatives.push(Vec::new());
    }
    alternatives
}
