//! The pattern catalog: each module is a Go concurrency pattern with its claims.

pub mod cancellation;

use crate::check::Claim;

/// Every claim of every pattern, in catalog order.
pub fn catalog() -> Vec<&'static Claim> {
    cancellation::CLAIMS.iter().collect()
}
