//! `cargo run --example encapsulated`: the encapsulated worker squares 1, 2, 3, -4, 5; the caller
//! prints the squares before the bad input, then the worker's error.

use chancheck::patterns::encapsulated::encapsulated;

fn main() {
    let (squares, err) = encapsulated(vec![1, 2, 3, -4, 5]);
    for sq in squares {
        println!("{sq}");
    }
    if let Some(err) = err {
        println!("{err}");
    }
}
