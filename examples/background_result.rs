//! `cargo run --example background_result`: two background sums, printed as each result arrives (6, then 15).

use chancheck::patterns::background_result::{ResultChan, background_results};

fn main() {
    let inputs = vec![vec![1, 2, 3], vec![4, 5, 6]];
    for sums in background_results(&inputs, inputs.len(), ResultChan::Buffered) {
        for sum in sums {
            println!("{sum}");
        }
    }
}
