//! pooling: for any pool size and amount of work, each paper is processed exactly once and every
//! employee has exited when pooling returns.

use chancheck::patterns::pooling::{Shutdown, assert_pooled, pooling};
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(16))]

    /// Exactly-once processing and a fully shut-down pool, at any size.
    #[test]
    fn each_paper_once_and_the_pool_is_down(emps in 1usize..6, work in 0usize..25) {
        let pooled = pooling(emps, work, Shutdown::Wait);
        assert_pooled(&pooled, emps, work);
    }
}
