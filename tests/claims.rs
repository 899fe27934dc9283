//! Every claim in the catalog, checked by whichever scheduler this build selects.
//!
//! The same file runs under `cargo test` (real threads), `cargo test --features shuttle` and
//! `RUSTFLAGS="--cfg loom" cargo test`: claims are data, so no scheduler gets its own list.
//! loom checks each claim at its model size; shuttle and real threads at both sizes.

use chancheck::check::{Backend, Checker, Outcome};
use chancheck::patterns::{catalog, claims_of};

/// Check every claim of `pattern` at every size this scheduler runs, and say what was found.
fn check_pattern(pattern: &str) {
    let claims = claims_of(pattern);
    assert!(!claims.is_empty(), "pattern {pattern} declares no claims");
    for claim in claims {
        assert_eq!(
            claim.pattern, pattern,
            "{} is filed under {pattern}",
            claim.name
        );
        let backend = Backend::current();
        for size in claim.sizes_for(backend) {
            let verdict = claim.check_at(size, &Checker::default());
            println!("{pattern}/{} at {size}: {verdict}", claim.name);
            if let Some(why) = claim.mismatch(&verdict) {
                panic!("{pattern}/{} at {size}: {why}:\n{verdict}", claim.name);
            }
        }
    }
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
        assert!(twin.fix.is_some(), "twin {twin_name} names no fix");
    }
}

#[test]
fn claim_names_are_unique_within_a_pattern() {
    let claims = catalog();
    for (i, a) in claims.iter().enumerate() {
        for b in &claims[i + 1..] {
            assert!(
                a.pattern != b.pattern || a.name != b.name,
                "{}/{} is declared twice",
                a.pattern,
                a.name
            );
        }
    }
}

/// One test per pattern, from the catalog's one list, so the test runner reports (and parallelises) them one by one.
macro_rules! pattern_tests {
    ($($pattern:ident),* $(,)?) => {
        $(
            #[test]
            fn $pattern() {
                check_pattern(stringify!($pattern));
            }
        )*

    };
}

chancheck::for_each_pattern!(pattern_tests);
