//! proptest properties of the catalog on real threads: every pattern run over generated inputs,
//! sizes, capacities and worker counts (exactly-once delivery, order, bounds).
//!
//! Normal builds only: the model checkers explore schedules, these explore inputs. One module per
//! pattern; regressions are committed under proptest-regressions/.
#![cfg(not(any(loom, feature = "shuttle")))]

mod actor;
mod background_result;
mod bridge;
mod cancellation;
mod channels_lab;
mod confinement;
mod done_channel;
mod drop;
mod encapsulated;
mod error_channel;
mod error_handling;
mod fan_in;
mod fan_out;
mod fan_out_fan_in;
mod fan_out_semaphore;
mod for_select;
mod generator;
mod messengers;
mod nonblocking;
mod or_channel;
mod or_done;
mod ordering;
mod pipeline;
mod pipeline_batch_stream;
mod pooling;
mod quit;
mod select_timeout;
mod sequencing;
mod signal;
mod tee;
mod topologies;
mod wait_for_result;
mod wait_for_task;
mod waitgroup;
mod worker_pool;
