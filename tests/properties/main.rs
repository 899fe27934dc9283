//! proptest properties of the catalog on real threads: every pattern run over generated inputs,
//! sizes, capacities and worker counts (exactly-once delivery, order, bounds).
//!
//! Normal builds only: the model checkers explore schedules, these explore inputs. One module per
//! pattern; regressions are committed under proptest-regressions/.
#![cfg(not(any(loom, feature = "shuttle")))]

mod cancellation;
mod drop;
mod fan_out;
mod fan_out_semaphore;
mod pipeline;
mod pooling;
mod quit;
mod sequencing;
mod wait_for_result;
mod wait_for_task;
