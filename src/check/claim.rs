//! Claims as data: a statement about a pattern, the verdict it expects, and the body that checks it.
//!
//! A claim is declared once, in its pattern's `CLAIMS`, and run by every scheduler: loom at the
//! claim's [`Claim::model_size`], shuttle and real threads at both sizes. A positive claim names
//! its buggy twin; a twin names the threads a report must show stuck and, in one line, the fix.

use super::{Backend, Checker, Outcome, Verdict};

/// The size a claim's scenario runs at. Each pattern says in its docs what the numbers mean for
/// it (workers, producers, children, inputs; values, jobs, messages).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Size {
    /// How many goroutines of the repeated kind the scenario starts.
    pub workers: usize,
    /// How many values flow through it.
    pub items: usize,
}

impl Size {
    /// A size of `workers` goroutines moving `items` values.
    pub const fn new(workers: usize, items: usize) -> Self {
        Self { workers, items }
    }
}

impl std::fmt::Display for Size {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} workers, {} items", self.workers, self.items)
    }
}

/// A scheduler whose verdict on a claim differs from [`Claim::expect`], and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Exception {
    /// The scheduler that cannot reach the claim's verdict.
    pub backend: Backend,
    /// What that scheduler reaches instead.
    pub expect: Outcome,
    /// Why, in one sentence: it is printed in the report.
    pub why: &'static str,
}

/// One checkable statement about a pattern, written once and run by every scheduler.
///
/// Declare claims with functional update from [`Claim::DEFAULTS`], so a new field never touches
/// every declaration:
///
/// ```
/// use chancheck::check::{Claim, Outcome, Size};
///
/// fn scenario(size: Size) {
///     let _ = size;
/// }
///
/// const CLAIM: Claim = Claim {
///     pattern: "example",
///     name: "always-returns",
///     statement: "The scenario returns.",
///     expect: Outcome::Holds,
///     twin: Some("some-twin"),
///     body: scenario,
///     ..Claim::DEFAULTS
/// };
/// assert!(CLAIM.check().holds());
/// ```
#[derive(Debug, Clone, Copy)]
pub struct Claim {
    /// The pattern the claim is about, e.g. `cancellation`.
    pub pattern: &'static str,
    /// A short, unique name within the pattern, e.g. `buffered-result-never-leaks`.
    pub name: &'static str,
    /// The claim in one sentence.
    pub statement: &'static str,
    /// The verdict every scheduler must reach (see [`Claim::exceptions`]).
    pub expect: Outcome,
    /// For a positive claim, the `name` of its buggy twin: a variant the checkers must catch.
    pub twin: Option<&'static str>,
    /// For a twin, the difference from the positive claim in one line, e.g. `capacity 0 → 1`.
    pub fix: Option<&'static str>,
    /// The scenario at a given size, run as a checked body.
    pub body: fn(Size),
    /// The size loom explores within the defaults: main plus at most 3 goroutines.
    pub model_size: Size,
    /// A larger size for shuttle and real threads (e.g. at least 4 workers, 20 items).
    pub large_size: Size,
    /// For a violation: every thread its report must name as stuck, with the first thing it
    /// waits on, e.g. `("employee", "send result")`.
    pub stuck: &'static [(&'static str, &'static str)],
    /// Schedulers that reach another verdict, with the reason. Empty for almost every claim.
    pub exceptions: &'static [Exception],
    /// loom's preemption bound for this claim; `None` keeps the [`Checker`]'s.
    pub preemption_bound: Option<usize>,
}

fn no_body(_: Size) {
    panic!("chancheck: this claim declares no body");
}

impl Claim {
    /// The fields most claims leave as they are; the identifying ones must be set.
    pub const DEFAULTS: Claim = Claim {
        pattern: "",
        name: "",
        statement: "",
        expect: Outcome::Holds,
        twin: None,
        fix: None,
        body: no_body,
        model_size: Size::new(2, 3),
        large_size: Size::new(4, 20),
        stuck: &[],
        exceptions: &[],
        preemption_bound: None,
    };

    /// The size `backend` runs this claim at: the model size under loom, the large size else.
    pub fn size_for(&self, backend: Backend) -> Size {
        match backend {
            Backend::Loom => self.model_size,
            Backend::Shuttle | Backend::Std => self.large_size,
        }
    }

    /// The sizes `backend` checks: loom only the model size, the others both.
    pub fn sizes_for(&self, backend: Backend) -> Vec<Size> {
        match backend {
            Backend::Loom => vec![self.model_size],
            Backend::Shuttle | Backend::Std if self.model_size == self.large_size => {
                vec![self.large_size]
            }
            Backend::Shuttle | Backend::Std => vec![self.model_size, self.large_size],
        }
    }

    /// The verdict `backend` must reach: [`Claim::expect`] unless an exception says otherwise.
    pub fn expected(&self, backend: Backend) -> Outcome {
        self.exception(backend).map_or(self.expect, |e| e.expect)
    }

    /// The exception for `backend`, if the claim declares one.
    pub fn exception(&self, backend: Backend) -> Option<&'static Exception> {
        self.exceptions.iter().find(|e| e.backend == backend)
    }

    /// `checker` with this claim's own settings applied.
    pub fn checker(&self, checker: &Checker) -> Checker {
        let mut checker = checker.clone();
        if let Some(bound) = self.preemption_bound {
            checker.preemption_bound = Some(bound);
        }
        checker
    }

    /// Run the claim's body at `size` under the active scheduler with `checker`'s settings.
    pub fn check_at(&self, size: Size, checker: &Checker) -> Verdict {
        let body = self.body;
        self.checker(checker).verify(move || body(size))
    }

    /// Run the claim's body under the active scheduler at its size for that scheduler.
    pub fn check_with(&self, checker: &Checker) -> Verdict {
        self.check_at(self.size_for(crate::facade::BACKEND), checker)
    }

    /// Run the claim's body under the active scheduler with default settings.
    pub fn check(&self) -> Verdict {
        self.check_with(&Checker::default())
    }

    /// Why `verdict` does not meet this claim, or `None` when it does: the outcome must be the
    /// expected one and a violation's report must name every thread of [`Claim::stuck`].
    pub fn mismatch(&self, verdict: &Verdict) -> Option<String> {
        let expected = self.expected(verdict.stats.backend);
        if verdict.outcome != expected {
            return Some(format!("expected {expected}, got {}", verdict.outcome));
        }
        if let Some(report) = &verdict.report {
            if let Some(p) = &report.panic
                && p.message.contains("declares no body")
            {
                return Some("the claim declares no body".to_string());
            }
            for (thread, waiting_on) in self.stuck {
                let named = report.stuck.iter().any(|t| {
                    t.thread == *thread
                        && t.waiting_on.first().map(String::as_str) == Some(waiting_on)
                });
                if !named {
                    return Some(format!(
                        "the report does not name `{thread}` stuck in `{waiting_on}`"
                    ));
                }
            }
        }
        None
    }

    /// True when `verdict` is the one this claim expects (see [`Claim::mismatch`]).
    pub fn is_met_by(&self, verdict: &Verdict) -> bool {
        self.mismatch(verdict).is_none()
    }
}
