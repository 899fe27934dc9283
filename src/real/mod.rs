//! The real-thread backend (normal builds): crossbeam-channel underneath, a watching monitor.

pub(crate) mod chan;
pub(crate) mod harness;
pub(crate) mod monitor;
pub(crate) mod select;
mod sending;
pub(crate) mod spawn;
