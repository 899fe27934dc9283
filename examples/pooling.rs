//! `cargo run --example pooling`: two employees share ten papers, then receive the shutdown signal.

use chancheck::patterns::pooling::{Shutdown, pooling};

fn main() {
    let pooled = pooling(2, 10, Shutdown::Wait);
    for (emp, paper) in &pooled.processed {
        println!("employee {emp}: received signal: {paper}");
    }
    println!("manager: sent shutdown signal");
    println!("{} employees received the shutdown signal", pooled.exited);
    println!("-------------------------------------------------");
}
