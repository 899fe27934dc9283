//! pipeline_batch_stream: over inputs, stage counts and how much the consumer takes, the
//! stream pipeline delivers the batch pipeline's values in order, and stopping early gets its
//! first values (with every stage stopped: checked on real threads).

use chancheck::check::Checker;
use chancheck::patterns::pipeline_batch_stream::{Bug, batch, stages, stream};
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    /// Stream and batch agree on any input and any number of stages.
    #[test]
    fn stream_equals_batch(ints in prop::collection::vec(-1000i64..1000, 0..30), count in 0usize..6) {
        let stages = stages(count);
        prop_assert_eq!(stream(&ints, &stages, usize::MAX, Bug::None), batch(&ints, &stages));
    }

    /// Taking the first `take` values gets the batch's first values, and nothing leaks.
    #[test]
    fn cancelling_takes_a_prefix(ints in prop::collection::vec(-1000i64..1000, 0..30), count in 0usize..6, take in 0usize..35) {
        let stages = stages(count);
        let expected: Vec<i64> = batch(&ints, &stages).into_iter().take(take).collect();
        let verdict = Checker::new().std_repetitions(1).verify(move || {
            assert_eq!(stream(&ints, &stages, take, Bug::None), expected);
        });
        prop_assert!(verdict.holds(), "{}", verdict);
    }
}
