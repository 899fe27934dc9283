//! fan_out_fan_in: over finder counts and input lengths the merged stream is exactly the input's
//! primes; taking fewer and cancelling yields distinct primes; fan_in merges any inputs.

use chancheck::chan;
use chancheck::patterns::fan_out_fan_in::{
    FanInClose, Search, fan_in, fan_out_fan_in, is_prime, primes_below,
};
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    /// Ranging to the end: exactly the primes, each once.
    #[test]
    fn every_prime_exactly_once(finders in 1usize..6, integers in 0usize..60) {
        let mut got = fan_out_fan_in(Search {
            finders,
            integers,
            take: None,
            close: FanInClose::AfterWaitGroup,
            close_done: true,
        });
        got.sort_unstable();
        prop_assert_eq!(got, primes_below(integers));
    }

    /// Taking `take` and cancelling: min(take, primes) distinct primes (that every goroutine
    /// then ends is the claims' business: a plain run cannot see a leak).
    #[test]
    fn cancelling_takes_distinct_primes(finders in 1usize..6, integers in 0usize..60, take in 0usize..10) {
        let got = fan_out_fan_in(Search {
            finders,
            integers,
            take: Some(take),
            close: FanInClose::AfterWaitGroup,
            close_done: true,
        });
        prop_assert_eq!(got.len(), take.min(primes_below(integers).len()));
        prop_assert!(got.iter().all(|&p| is_prime(p) && p < 2 + integers as u64));
        let mut unique = got.clone();
        unique.sort_unstable();
        unique.dedup();
        prop_assert_eq!(unique.len(), got.len());
    }

    /// fan_in over arbitrary closed inputs: exactly the multiset union of the inputs.
    #[test]
    fn fan_in_is_the_union(inputs in prop::collection::vec(prop::collection::vec(0u64..1000, 0..10), 0..5)) {
        let done = chan::named::<()>("done", 0);
        let channels: Vec<_> = inputs
            .iter()
            .map(|values| {
                let c = chan::make::<u64>(values.len());
                for &v in values {
                    c.send(v).unwrap();
                }
                c.close().unwrap();
                c.receiver()
            })
            .collect();
        let merged: Vec<u64> = fan_in(&done.receiver(), &channels, FanInClose::AfterWaitGroup).iter().collect();
        done.close().unwrap();
        let mut expected: Vec<u64> = inputs.iter().flatten().copied().collect();
        let mut got = merged.clone();
        expected.sort_unstable();
        got.sort_unstable();
        prop_assert_eq!(got, expected);
    }
}
