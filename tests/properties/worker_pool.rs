//! worker_pool: over worker counts, job counts and buffer sizes, every job is processed once by
//! a real worker and every result arrives once; waiting first holds with room for every result.

use chancheck::patterns::worker_pool::{Pool, assert_exactly_once, worker_pool};
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    /// The Go shape at any size and capacities that fit the jobs: every result exactly once.
    #[test]
    fn every_result_exactly_once(
        workers in 1usize..6,
        jobs in 0usize..30,
        jobs_cap in 0usize..8,
        results_cap in 0usize..8,
    ) {
        // main sends every job before reading: more than this many would deadlock (a claim).
        let jobs = jobs.min(jobs_cap + results_cap + workers);
        let out = worker_pool(Pool { workers, jobs, jobs_cap, results_cap, ..Pool::GO });
        assert_exactly_once(&out, workers, jobs);
        prop_assert_eq!(out.lines.len(), 2 * jobs);
    }

    /// Waiting for the workers before reading is safe when results holds every result.
    #[test]
    fn waiting_first_with_room(workers in 1usize..6, jobs in 0usize..30, jobs_cap in 0usize..8) {
        let out = worker_pool(Pool {
            workers,
            jobs,
            jobs_cap,
            results_cap: jobs,
            wait_before_reading: true,
            ..Pool::GO
        });
        assert_exactly_once(&out, workers, jobs);
        // Every worker is done before main prints its first result.
        let first_result = out.lines.iter().position(|l| l.starts_with("Result"));
        let last_work = out.lines.iter().rposition(|l| l.starts_with("Worker"));
        if let (Some(r), Some(w)) = (first_result, last_work) {
            prop_assert!(w < r);
        }
    }
}
