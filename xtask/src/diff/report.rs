//! The change report: a verdict per crate (breaking, additive or none) with
//! the version it implies, then each change. As text for the terminal, as
//! Markdown for a pull request.

use std::fmt::Write;

use super::{Change, Crates, Effect};

/// Whether a change that touches these crates touches a given one.
pub type TouchedBy = fn(&Crates) -> bool;

/// A generated crate: its name, version, and which changes touch it.
pub struct CrateInfo {
    pub name: String,
    pub version: String,
    pub touched_by: TouchedBy,
}

/// The changes since a base, and what they mean for each crate.
pub struct Report {
    pub changes: Vec<Change>,
    pub verdicts: Vec<Verdict>,
}

/// What the changes mean for one crate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    pub name: String,
    pub version: String,
    /// The strongest effect of a change on it; `None`: no change touches it.
    pub effect: Option<Effect>,
    /// The version it should have next.
    pub next: String,
}

pub fn verdicts(changes: &[Change], crates: &[CrateInfo]) -> Vec<Verdict> {
    crates
        .iter()
        .map(|info| {
            let effect = changes
                .iter()
                .filter(|c| (info.touched_by)(&c.crates))
                .map(|c| c.effect)
                .max();
            Verdict {
                name: info.name.clone(),
                version: info.version.clone(),
                effect,
                next: next_version(&info.version, effect),
            }
        })
        .collect()
}

/// The version after a change of `effect`, as Cargo reads versions: below
/// 1.0 the minor number is the one a breaking change raises, and an
/// additive change raises the patch number.
pub fn next_version(version: &str, effect: Option<Effect>) -> String {
    let mut parts: Vec<u64> = version
        .split(['.', '-', '+'])
        .take(3)
        .map(|p| p.parse().unwrap_or(0))
        .collect();
    parts.resize(3, 0);
    let (major, minor, patch) = (parts[0], parts[1], parts[2]);
    match (effect, major) {
        (None | Some(Effect::Neutral), _) => version.to_string(),
        (Some(Effect::Breaking), 0) => format!("0.{}.0", minor + 1),
        (Some(Effect::Breaking), _) => format!("{}.0.0", major + 1),
        (Some(Effect::Additive), 0) => format!("0.{minor}.{}", patch + 1),
        (Some(Effect::Additive), _) => format!("{major}.{}.0", minor + 1),
    }
}

fn verdict_word(effect: Option<Effect>) -> &'static str {
    match effect {
        Some(Effect::Breaking) => "breaking",
        Some(Effect::Additive) => "additive",
        Some(Effect::Neutral) | None => "none",
    }
}

fn effect_heading(effect: Effect) -> &'static str {
    match effect {
        Effect::Breaking => "Breaking",
        Effect::Additive => "Additive",
        Effect::Neutral => "No effect on the crates' API",
    }
}

/// For the terminal, after `cargo xtask codegen`.
pub fn text(base: &str, changes: &[Change], verdicts: &[Verdict]) -> String {
    if changes.is_empty() {
        return format!("what changed for users (against {base}): nothing\n");
    }
    let mut out = format!("what changed for users (against {base}):\n");
    for v in verdicts {
        let _ = writeln!(
            out,
            "  {}: {}{}",
            v.name,
            verdict_word(v.effect),
            if v.next != v.version {
                format!(" (version {} → {})", v.version, v.next)
            } else {
                String::new()
            }
        );
    }
    for change in changes {
        let _ = writeln!(
            out,
            "  {} {}: {}",
            match change.effect {
                Effect::Breaking => "breaking",
                Effect::Additive => "additive",
                Effect::Neutral => "neutral ",
            },
            change.subject,
            change.detail
        );
    }
    out
}

/// For a pull request's description.
pub fn markdown(base: &str, changes: &[Change], verdicts: &[Verdict]) -> String {
    let mut out = format!("## API changes against `{base}`\n\n");
    out.push_str("| crate | verdict | version |\n|---|---|---|\n");
    for v in verdicts {
        let version = if v.next != v.version {
            format!("{} → **{}**", v.version, v.next)
        } else {
            v.version.clone()
        };
        let _ = writeln!(
            out,
            "| `{}` | {} | {} |",
            v.name,
            verdict_word(v.effect),
            version
        );
    }
    if changes.is_empty() {
        out.push_str("\nNo change to the generated crates' API.\n");
        return out;
    }
    for effect in [Effect::Breaking, Effect::Additive, Effect::Neutral] {
        let these: Vec<&Change> = changes.iter().filter(|c| c.effect == effect).collect();
        if these.is_empty() {
            continue;
        }
        let _ = write!(out, "\n### {}\n\n", effect_heading(effect));
        for change in these {
            let at = change
                .new
                .as_ref()
                .or(change.old.as_ref())
                .map(|at| format!(" (`{at}`)"))
                .unwrap_or_default();
            let _ = writeln!(out, "- {}: {}{at}", change.subject, change.detail);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_move_as_cargo_reads_them() {
        assert_eq!(next_version("0.1.0", Some(Effect::Breaking)), "0.2.0");
        assert_eq!(next_version("0.1.0", Some(Effect::Additive)), "0.1.1");
        assert_eq!(next_version("0.1.3", None), "0.1.3");
        assert_eq!(next_version("1.4.2", Some(Effect::Breaking)), "2.0.0");
        assert_eq!(next_version("1.4.2", Some(Effect::Additive)), "1.5.0");
    }
}
