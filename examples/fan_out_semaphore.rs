//! `cargo run --example fan_out_semaphore`: twenty children, at most five at work at once.

use chancheck::patterns::fan_out_semaphore::fan_out_sem;

fn main() {
    let children = 20;
    let out = fan_out_sem(children, 5, false);
    for (i, d) in out.results.iter().enumerate() {
        println!("{d}");
        println!("parent : recv'd signal : {}", children - i - 1);
    }
    println!("at most {} children worked at once", out.max_inside);
    println!("-------------------------------------------------");
}
