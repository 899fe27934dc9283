//! Claims as data: a statement about a pattern, the verdict it expects, and the body that checks it.

use super::{Checker, Outcome, Verdict};

/// One checkable statement about a pattern, written once and run by every scheduler.
#[derive(Debug, Clone, Copy)]
pub struct Claim {
    /// The pattern the claim is about, e.g. `cancellation`.
    pub pattern: &'static str,
    /// A short, unique name within the pattern, e.g. `buffered-result-never-leaks`.
    pub name: &'static str,
    /// The claim in one sentence.
    pub statement: &'static str,
    /// The verdict every scheduler must reach.
    pub expect: Outcome,
    /// For a positive claim, the `name` of its buggy twin: a variant the checkers must catch.
    pub twin: Option<&'static str>,
    /// The scenario, run as a checked body.
    pub body: fn(),
}

impl Claim {
    /// Run the claim's body under the active scheduler with `checker`'s settings.
    pub fn check_with(&self, checker: &Checker) -> Verdict {
        checker.verify(self.body)
    }

    /// Run the claim's body under the active scheduler with default settings.
    pub fn check(&self) -> Verdict {
        self.check_with(&Checker::default())
    }

    /// True when `verdict` is the one this claim expects.
    pub fn is_met_by(&self, verdict: &Verdict) -> bool {
        verdict.outcome == self.expect
    }
}
