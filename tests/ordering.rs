//! The goroutine-ordering lab's real claim: the order is the scheduler's. Three goroutines, each
//! printing one word, print in every one of the 3! = 6 orders, and loom and shuttle both find
//! all six; on real threads every order seen is a permutation.
//!
//! The orders are collected across executions in a static outside the model (one per test:
//! tests run in parallel), so the same file runs under `cargo test --test ordering`,
//! `--features shuttle` and `RUSTFLAGS="--cfg loom"`.
//!
//! Each goroutine prints through a chancheck `Mutex` (the lab's `stdout`), an operation both
//! checkers order. loom finds all six within the default preemption bound 2 (228 executions);
//! with bound 0 it runs one execution and sees one order. Without a bound it explores 7,673
//! executions (0.6 s in release) and still finds exactly six: the second test below.

use std::collections::BTreeSet;
use std::sync::Mutex;

use chancheck::check::{Backend, Checker, Verdict};
use chancheck::patterns::ordering::{AddAt, is_permutation, ordering};

type Orders = Mutex<BTreeSet<Vec<String>>>;

static DEFAULT_BOUND: Orders = Mutex::new(BTreeSet::new());
static NO_BOUND: Orders = Mutex::new(BTreeSet::new());

/// Run the lab with three goroutines under `checker`, recording every order into `orders`.
fn collect(checker: Checker, orders: &'static Orders) -> (Verdict, BTreeSet<Vec<String>>) {
    let verdict = checker.verify(move || {
        let printed = ordering(3, AddAt::BeforeGo);
        assert!(is_permutation(&printed, 3), "{printed:?}");
        orders.lock().unwrap().insert(printed);
    });
    assert!(verdict.holds(), "{verdict}");
    let seen = orders.lock().unwrap().clone();
    println!(
        "{} print orders of 3 goroutines under {} ({}, {} executions):",
        seen.len(),
        verdict.stats.backend,
        verdict.stats.settings,
        verdict.stats.explored
    );
    for order in &seen {
        println!("  {}", order.join(" "));
    }
    (verdict, seen)
}

fn assert_every_order(seen: &BTreeSet<Vec<String>>) {
    match Backend::current() {
        Backend::Loom | Backend::Shuttle => {
            assert_eq!(seen.len(), 6, "every one of the 3! orders occurs: {seen:?}")
        }
        // Real threads show what the OS scheduler happened to do: any order, at least one.
        Backend::Std => {
            assert!(!seen.is_empty());
            assert!(seen.iter().all(|o| is_permutation(o, 3)));
        }
    }
}

#[test]
fn every_order_of_three_goroutines_occurs() {
    let (_, seen) = collect(Checker::new(), &DEFAULT_BOUND);
    assert_every_order(&seen);
}

#[test]
fn every_order_occurs_without_a_preemption_bound() {
    let (_, seen) = collect(Checker::new().preemption_bound(None), &NO_BOUND);
    assert_every_order(&seen);
}
