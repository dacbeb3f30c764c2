//! Comparing two models of an API, for two questions:
//!
//! - [`changes`]: what changed for the users of the generated crates between
//!   two versions of one spec (types and operations matched by name), each
//!   change rated as the Cargo SemVer reference rates it;
//! - [`drift`]: where `spec/` differs from another description of the same
//!   API (operations matched by method and path, their types followed
//!   through their structure, since the two need not name them alike).
//!
//! Both walk the models with one `Comparer`; `report` turns the result
//! into verdicts, version bumps and text.

mod compare;
mod drift;
pub mod report;
pub mod upstream;

use crate::error::Location;
use crate::model::Api;
use compare::Comparer;

/// What a change does to code that uses the generated crates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Effect {
    /// Nothing that compiles against the crates can notice.
    Neutral,
    /// New things; everything that compiled still does.
    Additive,
    /// Code that compiled may not (a removed or retyped item).
    Breaking,
}

/// Which generated crates a change touches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Crates {
    pub models: bool,
    pub client: bool,
    pub cli: bool,
}

impl Crates {
    /// A type's change: the models, and the client (which uses them).
    pub const TYPES: Crates = Crates {
        models: true,
        client: true,
        cli: false,
    };
    /// An operation's change: the client's methods and the command line.
    pub const OPERATIONS: Crates = Crates {
        models: false,
        client: true,
        cli: true,
    };
}

/// What differs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Aspect {
    Added,
    Removed,
    /// A different type.
    Type,
    /// Required on one side, optional on the other.
    Required,
    /// The other side lists enumeration values this one does not.
    ValuesAdded,
    /// This side lists enumeration values the other does not.
    ValuesRemoved,
    /// Where or how an operation is sent.
    Route,
    /// How the client offers it (its method, return, paging).
    Surface,
}

impl Aspect {
    pub fn key(self) -> &'static str {
        match self {
            Aspect::Added => "added",
            Aspect::Removed => "removed",
            Aspect::Type => "type",
            Aspect::Required => "required",
            Aspect::ValuesAdded => "values added",
            Aspect::ValuesRemoved => "values removed",
            Aspect::Route => "route",
            Aspect::Surface => "surface",
        }
    }
}

/// One difference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub effect: Effect,
    /// What it is about: "field `Pet.age`", "operation `pet_get`".
    pub subject: String,
    pub aspect: Aspect,
    /// How it differs, in words.
    pub detail: String,
    pub crates: Crates,
    /// Where it is on each side, when it is on that side.
    pub old: Option<Location>,
    pub new: Option<Location>,
}

/// What changed for users between `old` and `new`, two versions of one
/// spec.
pub fn changes(old: &Api, new: &Api) -> Vec<Change> {
    let mut comparer = Comparer::new(old, new, false);
    comparer.all_types();
    comparer.all_operations();
    comparer.finish()
}

/// Where `ours` differs from `theirs` for the operations `ours` has (by
/// method and path), following their parameters, bodies and answers into
/// every type they use.
pub fn drift(ours: &Api, theirs: &Api) -> Vec<Change> {
    let mut comparer = Comparer::new(ours, theirs, true);
    comparer.covered_operations();
    comparer.finish()
}
