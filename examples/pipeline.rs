//! `cargo run --example pipeline`: square(square(generator(2, 3))) prints 16 and 81.

use chancheck::patterns::pipeline::pipeline;

fn main() {
    for n in pipeline(&[2, 3]) {
        println!("{n}");
    }
}
