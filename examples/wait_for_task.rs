//! `cargo run --example wait_for_task`: the child waits for the parent's "data".

use chancheck::patterns::wait_for_task::wait_for_task;

fn main() {
    let d = wait_for_task(true).unwrap_or_default();
    println!("parent : sent signal");
    println!("child : recv'd signal : {d}");
    println!("-------------------------------------------------");
}
