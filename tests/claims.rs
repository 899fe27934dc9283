//! Every claim in the catalog, checked by whichever scheduler this build selects.
//!
//! The same file runs under `cargo test` (real threads), `cargo test --features shuttle` and
//! `RUSTFLAGS="--cfg loom" cargo test`: claims are data, so no scheduler gets its own list.

use chancheck::check::{Outcome, Verdict};
use chancheck::patterns::catalog;

fn check_claim(pattern: &str, name: &str) -> Verdict {
    let claim = catalog()
        .into_iter()
        .find(|c| c.pattern == pattern && c.name == name)
        .unwrap_or_else(|| panic!("no claim {pattern}/{name}"));
    let verdict = claim.check();
    println!("{pattern}/{name}: {verdict}");
    assert!(
        claim.is_met_by(&verdict),
        "{pattern}/{name} expected {}, got:\n{verdict}",
        claim.expect
    );
    verdict
}

#[test]
fn every_positive_claim_has_a_twin_that_fails() {
    let claims = catalog();
    for claim in claims.iter().filter(|c| c.expect == Outcome::Holds) {
        let twin_name = claim
            .twin
            .unwrap_or_else(|| panic!("{} has no buggy twin", claim.name));
        let twin = claims
            .iter()
            .find(|c| c.pattern == claim.pattern && c.name == twin_name)
            .unwrap_or_else(|| panic!("twin {twin_name} of {} is not in the catalog", claim.name));
        assert_ne!(
            twin.expect,
            Outcome::Holds,
            "the twin of {} must be a violation",
            claim.name
        );
    }
}

#[test]
fn cancellation_buffered_result_never_leaks() {
    check_claim("cancellation", "buffered-result-never-leaks");
}

#[test]
fn cancellation_unbuffered_result_leaks_employee() {
    let verdict = check_claim("cancellation", "unbuffered-result-leaks-employee");
    let report = verdict.report.expect("a leak comes with a report");
    let employee = report
        .stuck
        .iter()
        .find(|t| t.thread == "employee")
        .unwrap_or_else(|| panic!("the employee is not among the stuck threads:\n{report}"));
    assert_eq!(employee.op, chancheck::Op::Send);
    assert_eq!(employee.waiting_on, ["send result"]);
    assert!(
        employee.site.starts_with("src/patterns/cancellation.rs:"),
        "{}",
        employee.site
    );
    assert_eq!(report.stuck.len(), 1, "only the employee leaks:\n{report}");
}
