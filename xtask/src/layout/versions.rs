//! The versions of the workspace's generated crates, for the report of
//! what a spec change means for their users.

use std::path::Path;

/// The workspace's generated crates, for reports of what changed for their
/// users: name, manifest, and which changes touch each.
pub fn workspace_crates(root: &Path) -> Vec<crate::diff::report::CrateInfo> {
    use crate::diff::report::TouchedBy;
    let crates: [(&str, TouchedBy); 3] = [
        ("apify-api-models", |c| c.models),
        ("apify-api-client", |c| c.client),
        ("apify-api-cli", |c| c.cli),
    ];
    crates
        .into_iter()
        .map(|(name, touched_by)| {
            let manifest = root.join("crates").join(name).join("Cargo.toml");
            let version = std::fs::read_to_string(&manifest)
                .ok()
                .and_then(|text| {
                    text.lines().find_map(|l| {
                        l.strip_prefix("version = \"")?
                            .strip_suffix('"')
                            .map(str::to_owned)
                    })
                })
                .unwrap_or_else(|| "0.1.0".into());
            crate::diff::report::CrateInfo {
                name: name.into(),
                version,
                touched_by,
            }
        })
        .collect()
}
