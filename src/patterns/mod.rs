//! The pattern catalog: each module is a Go concurrency pattern with its claims.
//!
//! Every module reads side by side with its Go original (named and quoted in its doc) and
//! declares its claims once, in `CLAIMS`; tests/claims.rs and tests/reports.rs run them under
//! every scheduler. To add a pattern, add its module name to `for_each_pattern!` below: the module,
//! the catalog, the claims tests and the report pages all come from that one list.

use crate::check::Claim;

/// The catalog's one list of pattern modules, in catalog order: calls `$callback! { a, b, … }`.
/// The crate declares the modules from it; tests/claims.rs and tests/reports.rs make one test
/// per pattern from it.
#[doc(hidden)]
#[macro_export]
macro_rules! for_each_pattern {
    ($callback:ident) => {
        $callback! {
            cancellation,
            signal,
            nonblocking,
            messengers,
            error_channel,
            encapsulated,
            topologies,
            generator,
            fan_in,
            select_timeout,
            quit,
            sequencing,
            pipeline,
            pooling,
            fan_out,
            fan_out_semaphore,
            drop,
            wait_for_result,
            wait_for_task,
            waitgroup,
            background_result,
            confinement,
            for_select,
            done_channel,
            or_channel,
            error_handling,
            pipeline_batch_stream,
            worker_pool,
            fan_out_fan_in,
            or_done,
            tee,
            bridge,
            actor,
            channels_lab,
            ordering,
        }
    };
}

macro_rules! patterns {
    ($($pattern:ident),* $(,)?) => {
        $(pub mod $pattern;)*

        /// Every pattern in catalog order, with its claims.
        pub const PATTERNS: &[(&str, &[Claim])] = &[$((stringify!($pattern), $pattern::CLAIMS)),*];
    };
}

for_each_pattern!(patterns);

/// Every claim of every pattern, in catalog order.
pub fn catalog() -> Vec<&'static Claim> {
    PATTERNS
        .iter()
        .flat_map(|(_, claims)| claims.iter())
        .collect()
}

/// The claims of one pattern, in declaration order; empty for an unknown pattern.
pub fn claims_of(pattern: &str) -> &'static [Claim] {
    PATTERNS
        .iter()
        .find(|(name, _)| *name == pattern)
        .map_or(&[], |(_, claims)| claims)
}
