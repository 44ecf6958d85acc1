//! Closed value sets on the command line that are parsed by our own
//! functions (for "did you mean" in our words) yet must still be listed to
//! shells: a value parser that parses with the function and offers the
//! names to completion scripts, so `--format <TAB>` lists the formats.

use clap::builder::{PossibleValue, TypedValueParser};
use std::ffi::OsStr;

/// A value parser over a closed set of names: `parse` decides (with its
/// own message), `names` is what completions offer. Help texts already
/// list the values in words, so the arguments using it hide clap's
/// `[possible values: …]`.
#[derive(Clone)]
pub(super) struct Closed<T> {
    parse: fn(&str) -> Result<T, String>,
    names: fn() -> Vec<&'static str>,
}

impl<T> Closed<T> {
    /// The parser of `parse`, completing to `names`.
    pub(super) fn new(
        parse: fn(&str) -> Result<T, String>,
        names: fn() -> Vec<&'static str>,
    ) -> Self {
        Closed { parse, names }
    }
}

impl<T: Clone + Send + Sync + 'static> TypedValueParser for Closed<T> {
    type Value = T;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &OsStr,
    ) -> Result<T, clap::Error> {
        // A plain function is itself a value parser: its errors read as
        // they did before the names were offered to shells.
        self.parse.parse_ref(cmd, arg, value)
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new((self.names)().into_iter().map(PossibleValue::new)))
    }
}
