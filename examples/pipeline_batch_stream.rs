//! `cargo run --example pipeline_batch_stream`: the book's `multiply(add(multiply(ints, 2), 1), 2)` over 1, 2, 3, 4, batch then stream: 6 10 14 18 both times.

use chancheck::patterns::pipeline_batch_stream::{Bug, batch, ints, stages, stream};

fn main() {
    let (ints, stages) = (ints(4), stages(3));
    for v in batch(&ints, &stages) {
        println!("{v}");
    }
    for v in stream(&ints, &stages, usize::MAX, Bug::None) {
        println!("{v}");
    }
}
