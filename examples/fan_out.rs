//! `cargo run --example fan_out`: twenty children each send "data"; the parent counts them down.

use chancheck::patterns::fan_out::fan_out;

fn main() {
    let children = 20;
    let results = fan_out(children, children, children);
    for (i, d) in results.iter().enumerate() {
        println!("{d}");
        println!("parent : recv'd signal : {}", children - i - 1);
    }
    println!("-------------------------------------------------");
}
