//! Where each part of the bundled document came from.

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::error::Location;

/// Where each part of the bundled document came from.
#[derive(Debug, Default, Clone)]
pub struct Origins {
    map: BTreeMap<String, Location>,
}

impl Origins {
    pub fn record(&mut self, bundled: &str, origin: Location) {
        self.map.insert(bundled.to_string(), origin);
    }

    /// The source location of a pointer into the bundled document: the origin
    /// of its longest recorded prefix, with the rest of the pointer appended.
    pub fn locate(&self, bundled: &str) -> Location {
        let mut prefix = bundled;
        loop {
            if let Some(origin) = self.map.get(prefix) {
                let rest = &bundled[prefix.len()..];
                return Location::new(origin.file.clone(), format!("{}{rest}", origin.pointer));
            }
            match prefix.rfind('/') {
                Some(at) => prefix = &prefix[..at],
                None => return Location::new(PathBuf::from("<spec>"), bundled),
            }
        }
    }
}
