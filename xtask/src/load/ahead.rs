//! Files read ahead, on a second thread, while the bundler walks.
//!
//! A spec split into files (Apify's has 410) was read one file at a time
//! where the bundler reached its first `$ref`, a sixth of reading the spec
//! on one core while the other waited. The reader here follows the same
//! `$ref`s through the files' text (a scan, not a parse) in the order they
//! appear and parses each file once; [`Loader`](super::Loader) takes what
//! is ready and reads the rest itself.
//!
//! Reading ahead changes nothing but when a file is parsed: a file is
//! handed over only when reading it lost nothing, failed nothing and was
//! read as the loader would read it (as JSON or YAML by its own name);
//! otherwise the loader reads it again, and says what is wrong with it at
//! the `$ref` that led there, as without reading ahead.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Condvar, Mutex, PoisonError};

use serde_json::Value;

/// The largest file read ahead.
const MAX_BYTES: u64 = 64 << 20;

/// Files read ahead, by canonical path.
#[derive(Default)]
pub struct Ahead {
    files: Mutex<HashMap<super::FileKey, Slot>>,
    /// A file has been read (a loader waiting for it may go on).
    read: Condvar,
    /// The bundler is done: nothing more is wanted.
    done: AtomicBool,
}

enum Slot {
    /// The reader is parsing it.
    Reading,
    /// Parsed as JSON (`true`) or YAML, with nothing lost; `None` if
    /// reading it failed or lost something.
    Read(Option<(bool, Value)>),
    /// The loader reads it itself.
    Loader,
}

impl Ahead {
    /// The file at `canonical`, if it was read ahead as `as_json` says it
    /// must be read; otherwise the loader reads it (and the reader will
    /// not).
    pub fn take(&self, canonical: &Path, as_json: bool) -> Option<Value> {
        let mut files = self.files.lock().unwrap_or_else(PoisonError::into_inner);
        loop {
            match files.get_mut(canonical.as_os_str()) {
                Some(Slot::Reading) => {
                    files = self
                        .read
                        .wait(files)
                        .unwrap_or_else(PoisonError::into_inner);
                }
                Some(slot @ Slot::Read(_)) => {
                    return match std::mem::replace(slot, Slot::Loader) {
                        Slot::Read(Some((json, value))) if json == as_json => Some(value),
                        _ => None,
                    };
                }
                Some(Slot::Loader) => return None,
                None => {
                    files.insert(canonical.as_os_str().to_owned(), Slot::Loader);
                    return None;
                }
            }
        }
    }

    /// Nothing more is wanted: the reader stops after the file it reads.
    pub fn finish(&self) {
        self.done.store(true, Ordering::Relaxed);
    }

    /// Reads the files `entry`'s `$ref`s lead to, depth first in the
    /// order they are written, until every one is read or [`finish`](Self::finish).
    pub fn read_from(&self, entry: &Path) {
        let entry = super::normalize(entry);
        // The entry too: files that refer back to it do not have it read again.
        let mut seen = HashSet::from([entry.clone()]);
        let mut next = vec![entry];
        let mut first = true;
        while let Some(path) = next.pop() {
            if self.done.load(Ordering::Relaxed) {
                return;
            }
            // Only regular files, and not huge ones: a `$ref` the scan
            // finds may be one the bundler never follows (in a
            // description, say), and `/dev/stdin` or a pipe would never
            // end. The loader reads what it needs itself.
            let regular = std::fs::metadata(&path)
                .is_ok_and(|file| file.is_file() && file.len() <= MAX_BYTES);
            if !regular {
                continue;
            }
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            let base = path.parent().unwrap_or(Path::new("")).to_owned();
            let before = next.len();
            for file in refs(&text) {
                let target = super::normalize(&base.join(crate::pointer::from_fragment(file)));
                if seen.insert(target.clone()) {
                    next.push(target);
                }
            }
            next[before..].reverse();
            // The loader reads the entry itself, at once.
            if !std::mem::take(&mut first) {
                self.parse(&path, &text);
            }
        }
    }

    /// Parses the file at `path` unless the loader has claimed it.
    fn parse(&self, path: &Path, text: &str) {
        let Ok(canonical) = std::fs::canonicalize(path) else {
            return;
        };
        {
            let mut files = self.files.lock().unwrap_or_else(PoisonError::into_inner);
            if files.contains_key(canonical.as_os_str()) {
                return;
            }
            files.insert(canonical.clone().into_os_string(), Slot::Reading);
        }
        // Whatever happens, the slot is filled: a loader may wait on it.
        let mut fill = Fill {
            ahead: self,
            canonical,
            parsed: None,
        };
        fill.parsed = match super::read(path, text) {
            Ok(read) if read.warnings.is_empty() => Some((super::as_json(path), read.value)),
            _ => None,
        };
    }
}

/// Fills a file's slot when it drops, and wakes the loader.
struct Fill<'a> {
    ahead: &'a Ahead,
    canonical: PathBuf,
    parsed: Option<(bool, Value)>,
}

impl Drop for Fill<'_> {
    fn drop(&mut self) {
        let slot = Slot::Read(self.parsed.take());
        let mut files = self
            .ahead
            .files
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        files.insert(std::mem::take(&mut self.canonical).into_os_string(), slot);
        self.ahead.read.notify_all();
    }
}

/// The file parts of the `$ref`s written in `text`, JSON or YAML, in
/// order: `$ref: a.yaml#/x`, `"$ref": "a.yaml"`. References within the file
/// and URLs are left out. A scan, not a parse: what it misreads is only
/// not read ahead.
fn refs(text: &str) -> impl Iterator<Item = &str> {
    text.match_indices("$ref").filter_map(move |(at, key)| {
        let rest = &text[at + key.len()..];
        let rest = rest.strip_prefix(['"', '\'']).unwrap_or(rest);
        let rest = rest.trim_start_matches([' ', '\t']).strip_prefix(':')?;
        let rest = rest.trim_start_matches([' ', '\t']);
        let value = match rest.chars().next()? {
            quote @ ('"' | '\'') => rest[1..].split(quote).next()?,
            _ => {
                let end = rest.find(['\n', '\r', ',', '}', ']']).unwrap_or(rest.len());
                rest[..end].split(" #").next()?.trim_end()
            }
        };
        let file = value.split('#').next()?;
        (!file.is_empty() && !file.contains("://")).then_some(file)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refs_are_found_in_yaml_and_json_without_fragments_or_urls() {
        let yaml = "a:\n  $ref: ./paths/a.yaml\nb: {$ref: 'b.yaml#/x'}\nc:\n  \"$ref\": \"../c.json#/y\" # note\nd:\n  $ref: '#/components/schemas/D'\ne:\n  $ref: https://example.com/e.yaml\nf:\n  $ref: f.yaml # comment\n";
        assert_eq!(
            refs(yaml).collect::<Vec<_>>(),
            ["./paths/a.yaml", "b.yaml", "../c.json", "f.yaml"]
        );
        let json = r##"{"x": {"$ref": "x.json#/a"}, "y": {"$ref":"#/b"}, "z": ["$ref"]}"##;
        assert_eq!(refs(json).collect::<Vec<_>>(), ["x.json"]);
    }

    /// What the scan finds in prose is not read unless it is a regular
    /// file: reading a pipe or `/dev/stdin` would never end.
    #[test]
    fn only_regular_files_are_read_ahead() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pipe.yaml");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        assert!(made.is_ok_and(|s| s.success()), "mkfifo");
        std::fs::write(
            dir.path().join("entry.yaml"),
            "info:\n  description: >\n    see $ref: /dev/stdin\na: {$ref: pipe.yaml}\n",
        )
        .unwrap();
        let ahead = std::sync::Arc::new(Ahead::default());
        let (done, returned) = std::sync::mpsc::channel();
        let entry = dir.path().join("entry.yaml");
        let reader = ahead.clone();
        // Opening the pipe would wait for a writer forever.
        std::thread::spawn(move || {
            reader.read_from(&entry);
            done.send(()).unwrap();
        });
        let waited = returned.recv_timeout(std::time::Duration::from_secs(20));
        assert!(waited.is_ok(), "reading ahead waited on a pipe or stdin");
        let canonical = std::fs::canonicalize(&fifo).unwrap();
        assert_eq!(ahead.take(&canonical, false), None);
    }

    /// A file read ahead is the file the loader reads; one read otherwise
    /// (here: a number past 64 bits, which reading warns of) is read again
    /// by the loader, so the warning names the path the `$ref` spelled.
    #[test]
    fn only_files_read_as_the_loader_would_are_handed_over() {
        let dir = tempfile::tempdir().unwrap();
        let write = |name: &str, text: &str| std::fs::write(dir.path().join(name), text).unwrap();
        write("entry.yaml", "a: {$ref: a.yaml}\nb: {$ref: b.yaml}\n");
        write("a.yaml", "x: 1\n");
        write("b.yaml", "big: 123456789012345678901234567890\n");
        let ahead = Ahead::default();
        ahead.read_from(&dir.path().join("entry.yaml"));
        let canonical = |name: &str| std::fs::canonicalize(dir.path().join(name)).unwrap();
        assert_eq!(ahead.take(&canonical("a.yaml"), true), None, "read as YAML");
        let ahead = Ahead::default();
        ahead.read_from(&dir.path().join("entry.yaml"));
        assert_eq!(
            ahead.take(&canonical("a.yaml"), false),
            Some(serde_json::json!({"x": 1}))
        );
        assert_eq!(
            ahead.take(&canonical("a.yaml"), false),
            None,
            "handed over once"
        );
        assert_eq!(ahead.take(&canonical("b.yaml"), false), None);
        assert_eq!(ahead.take(&canonical("entry.yaml"), false), None);
    }
}
