//! `spec/upstream.yaml`: the published description `spec/` follows, and
//! where `spec/` departs from it on purpose. [`Upstream::sort`] splits a drift into
//! what is declared and what is not; the file itself is checked as
//! strictly as `codegen.yaml` (a misspelt aspect is an error, not a
//! departure that never matches).

use std::fmt::Write;
use std::path::Path;

use serde::Deserialize;

use super::{Aspect, Change};
use crate::error::{Error, Location, Result};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Upstream {
    pub follows: Source,
    #[serde(default)]
    pub departures: Vec<Departure>,
}

/// Which published version: enough to fetch it again.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub repository: String,
    /// The folder of the description in the repository.
    pub folder: String,
    pub commit: String,
    /// The commit's date, `YYYY-MM-DD`.
    pub date: String,
}

/// One difference `spec/` keeps on purpose.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Departure {
    /// What differs, as `spec-drift` names it.
    pub about: String,
    /// How it differs: an [`Aspect`] key.
    pub aspect: String,
    /// Why: a departure without a reason is not a decision.
    pub reason: String,
}

/// A drift, sorted by the departures.
#[derive(Debug, Default)]
pub struct Sorted {
    /// Not declared: each is either a departure to declare or something to
    /// follow.
    pub undeclared: Vec<Change>,
    /// Declared, with the index of the departure that declares it.
    pub declared: Vec<(Change, usize)>,
    /// Departures that match no difference any more: stale.
    pub stale: Vec<usize>,
}

const ASPECTS: &[Aspect] = &[
    Aspect::Added,
    Aspect::Removed,
    Aspect::Type,
    Aspect::Required,
    Aspect::ValuesAdded,
    Aspect::ValuesRemoved,
    Aspect::Route,
];

impl Upstream {
    pub fn read(path: &Path) -> Result<Upstream> {
        let upstream: Upstream = crate::config::read_settings(
            path,
            "not an upstream setting",
            "The file holds `follows` (repository, folder, commit, date) and `departures` (about, aspect, reason).",
        )?;
        for (i, departure) in upstream.departures.iter().enumerate() {
            let at = |key: &str| Location::new(path, format!("/departures/{i}/{key}"));
            if !ASPECTS.iter().any(|a| a.key() == departure.aspect) {
                let known: Vec<String> = ASPECTS.iter().map(|a| format!("`{}`", a.key())).collect();
                return Err(Error::spec(
                    &at("aspect"),
                    format!(
                        "`{}` is not an aspect spec-drift reports; it is one of {}",
                        departure.aspect,
                        known.join(", ")
                    ),
                ));
            }
            if departure.reason.trim().is_empty() {
                return Err(Error::spec(
                    &at("reason"),
                    "a departure needs its reason".to_string(),
                ));
            }
        }
        Ok(upstream)
    }

    /// `changes` (ours → theirs) split by the departures.
    pub fn sort(&self, changes: Vec<Change>) -> Sorted {
        let mut sorted = Sorted::default();
        let mut used = vec![false; self.departures.len()];
        for change in changes {
            let found = self
                .departures
                .iter()
                .position(|d| d.about == change.subject && d.aspect == change.aspect.key());
            match found {
                Some(i) => {
                    used[i] = true;
                    sorted.declared.push((change, i));
                }
                None => sorted.undeclared.push(change),
            }
        }
        sorted.stale = (0..used.len()).filter(|&i| !used[i]).collect();
        sorted
    }
}

/// A difference as `spec-drift` prints it: what, how (from `spec/`'s side:
/// "only upstream" is what the published description has and `spec/` does
/// not), and where on each side.
pub fn describe(change: &Change) -> String {
    let how = match change.aspect {
        Aspect::Added => format!("only upstream{}", rest(&change.detail, "added")),
        Aspect::Removed => format!("only in spec/{}", rest(&change.detail, "removed")),
        Aspect::ValuesAdded => change
            .detail
            .replacen("values added", "values only upstream", 1),
        Aspect::ValuesRemoved => {
            change
                .detail
                .replacen("values removed", "values only in spec/", 1)
        }
        _ => format!("{} (spec/ → upstream)", change.detail),
    };
    let mut out = format!("{} [{}]: {how}", change.subject, change.aspect.key());
    for (side, at) in [("spec/", &change.old), ("upstream", &change.new)] {
        if let Some(at) = at {
            let _ = write!(out, "\n    {side:9}{at}");
        }
    }
    out
}

/// `detail` without its leading `word`: " (optional, `String`)".
fn rest<'d>(detail: &'d str, word: &str) -> &'d str {
    detail.strip_prefix(word).unwrap_or(detail)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::{Crates, Effect};

    fn change(subject: &str, aspect: Aspect) -> Change {
        Change {
            effect: Effect::Breaking,
            subject: subject.into(),
            aspect,
            detail: "added (optional, `String`)".into(),
            crates: Crates::TYPES,
            old: None,
            new: Some(Location::new("up/x.yaml", "/properties/a")),
        }
    }

    fn departure(about: &str, aspect: &str) -> Departure {
        Departure {
            about: about.into(),
            aspect: aspect.into(),
            reason: "why".into(),
        }
    }

    #[test]
    fn a_departure_covers_its_subject_and_aspect_only() {
        let upstream = Upstream {
            follows: Source {
                repository: "r".into(),
                folder: "f".into(),
                commit: "c".into(),
                date: "d".into(),
            },
            departures: vec![
                departure("field `A.a`", "added"),
                departure("field `A.gone`", "removed"),
            ],
        };
        let sorted = upstream.sort(vec![
            change("field `A.a`", Aspect::Added),
            change("field `A.a`", Aspect::Type),
            change("field `A.b`", Aspect::Added),
        ]);
        assert_eq!(sorted.declared.len(), 1);
        assert_eq!(sorted.declared[0].1, 0);
        let undeclared: Vec<_> = sorted
            .undeclared
            .iter()
            .map(|c| (c.subject.as_str(), c.aspect))
            .collect();
        assert_eq!(
            undeclared,
            [
                ("field `A.a`", Aspect::Type),
                ("field `A.b`", Aspect::Added)
            ]
        );
        assert_eq!(sorted.stale, [1]);
        assert_eq!(
            describe(&sorted.undeclared[1]),
            "field `A.b` [added]: only upstream (optional, `String`)\n    upstream up/x.yaml#/properties/a"
        );
    }
}
