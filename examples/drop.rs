//! `cargo run --example drop`: twenty pieces into a buffer of five; what does not fit is dropped.

use chancheck::patterns::drop::{Setup, drop};

fn main() {
    let out = drop(5, 20, Setup::LIVE);
    for w in 0..20 {
        if out.sent.contains(&w) {
            println!("parent : sent signal : {w}");
        } else {
            println!("parent : dropped data : {w}");
        }
    }
    println!("parent : sent shutdown signal");
    for p in &out.received {
        println!("child : recv'd signal : {p}");
    }
    println!("-------------------------------------------------");
}
