//! Path templates (`/v2/items/{itemId}/logs`), parsed once.

/// A path as the spec writes it, split into literal text and parameters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathTemplate {
    /// The template as written in the spec.
    pub raw: String,
    pub parts: Vec<PathPart>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathPart {
    Literal(String),
    /// A `{name}` placeholder.
    Param(String),
}

impl PathTemplate {
    /// Parses `path`; the error says what is wrong with it.
    pub fn parse(path: &str) -> Result<Self, String> {
        let mut parts = Vec::new();
        let mut rest = path;
        while let Some(open) = rest.find(['{', '}']) {
            if rest.as_bytes()[open] == b'}' {
                return Err("it has a `}` without a `{`".into());
            }
            let after = &rest[open + 1..];
            let close = after.find('}').ok_or("it has a `{` without a `}`")?;
            let name = &after[..close];
            if name.is_empty() || name.contains('{') {
                return Err(format!("`{{{name}}}` is not a parameter name"));
            }
            if open > 0 {
                parts.push(PathPart::Literal(rest[..open].to_string()));
            }
            parts.push(PathPart::Param(name.to_string()));
            rest = &after[close + 1..];
        }
        if !rest.is_empty() {
            parts.push(PathPart::Literal(rest.to_string()));
        }
        Ok(Self {
            raw: path.to_string(),
            parts,
        })
    }

    /// The parameter names, each once, in the order they first appear (a
    /// path may use one twice: `/groups/{id}/members/{id}`).
    pub fn params(&self) -> impl Iterator<Item = &str> {
        self.parts
            .iter()
            .enumerate()
            .filter_map(|(i, part)| match part {
                PathPart::Param(name) if !self.parts[..i].contains(part) => Some(name.as_str()),
                _ => None,
            })
    }

    /// Whether the last segment is a parameter (`/items/{id}`): the path
    /// names one thing.
    pub fn ends_with_param(&self) -> bool {
        matches!(self.parts.last(), Some(PathPart::Param(_)))
    }

    /// The template with each placeholder renamed by `rename`.
    pub fn render(&self, rename: impl Fn(&str) -> String) -> String {
        self.parts
            .iter()
            .map(|part| match part {
                PathPart::Literal(text) => text.clone(),
                PathPart::Param(name) => format!("{{{}}}", rename(name)),
            })
            .collect()
    }

    /// The literal segments, for names derived from the path
    /// (`/v2/items/{id}/logs` → `v2`, `items`, `id`, `logs`).
    pub fn words(&self) -> Vec<&str> {
        self.raw
            .split(['/', '{', '}'])
            .filter(|word| !word.is_empty())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_are_split_into_literals_and_parameters() {
        let path = PathTemplate::parse("/v2/a/{x}/b/{y}").unwrap();
        assert_eq!(path.params().collect::<Vec<_>>(), vec!["x", "y"]);
        assert!(path.ends_with_param());
        assert_eq!(path.render(|n| n.to_uppercase()), "/v2/a/{X}/b/{Y}");
        assert_eq!(path.words(), vec!["v2", "a", "x", "b", "y"]);
        let path = PathTemplate::parse("/files/{name}.{ext}/raw").unwrap();
        assert_eq!(path.params().collect::<Vec<_>>(), vec!["name", "ext"]);
        assert!(!path.ends_with_param());
    }

    #[test]
    fn malformed_templates_are_refused() {
        assert!(PathTemplate::parse("/v2/{x").is_err());
        assert!(PathTemplate::parse("/v2/x}").is_err());
        assert!(PathTemplate::parse("/v2/{}").is_err());
        let twice = PathTemplate::parse("/a/{x}/b/{y}/{x}").unwrap();
        assert_eq!(twice.params().collect::<Vec<_>>(), vec!["x", "y"]);
    }
}
