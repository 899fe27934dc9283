//! fan_out_semaphore: fan-out with a buffered channel as a semaphore, so at most `g` children work at once.
//!
//! Go original: `fanOutSem` from seed 001 (channel patterns), section "Fan Out Pattern - Version
//! 2 (Fan Out Semaphore)":
//!
//! ```go
//! func fanOutSem() {
//!     children := 20
//!     ch := make(chan string, children)
//!
//!     const g := 5
//!     sem := make(chan bool, g)
//!
//!     for c := 0; c < children; c++ {
//!         go func(child int) {
//!             sem <- true
//!             {
//!                 t := time.Duration(rand.Intn(200)) * time.Millisecond
//!                 time.Sleep(t)
//!                 ch <- "data"
//!                 fmt.Println("child : sent signal :", child)
//!             }
//!             <-sem
//!         }(c)
//!     }
//!
//!     for children > 0 {
//!         d := <-ch
//!         children--
//!         fmt.Println(d)
//!         fmt.Println("parent : recv'd signal :", children)
//!     }
//!
//!     time.Sleep(time.Second)
//!     fmt.Println("-------------------------------------------------")
//! }
//! ```
//!
//! A child must put a token into `sem` (capacity `g`) before its work and takes one out after,
//! so at most `g` children are ever inside the block at once; the result buffer still has a
//! slot per child, so every result arrives and every child returns. Each child records how
//! many are inside as it enters (a plain counter beside the channels, the "resource" the
//! semaphore protects), and the claim asserts the maximum never exceeds `g`.
//!
//! The twin releases the semaphore before the work (`sem <- true; <-sem` and then the block):
//! the semaphore no longer bounds anything, more than `g` children are inside at once and the
//! assertion fails (PANIC). On real threads each child works up to [`MAX_WORK`], long enough
//! for more than `g` of 20 children to overlap every time.
//!
//! Sizes: `workers` is `g`, the semaphore's capacity (the seed: 5); `items` is the number of
//! children (the seed: 20).

use std::time::Duration;

use crate::chan;
use crate::check::{Claim, Outcome, Size};
use crate::facade::plain::{Arc, PlainMutex};
use crate::go_named;
use crate::time::{random_duration, sleep};

/// A child works up to this long inside the semaphore (the seed: up to 200 ms).
pub const MAX_WORK: Duration = Duration::from_millis(2);

/// What the parent saw: the results, and the most children ever inside the semaphore at once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FannedOut {
    /// Every result received, one per child.
    pub results: Vec<String>,
    /// The largest number of children inside the semaphore's block at the same time.
    pub max_inside: usize,
}

#[derive(Default)]
struct Inside {
    now: usize,
    max: usize,
}

/// `fanOutSem()` with `children` children and a semaphore of capacity `g`; `release_early`
/// is the twin, which gives the token back before the work.
pub fn fan_out_sem(children: usize, g: usize, release_early: bool) -> FannedOut {
    let ch = chan::named::<String>("ch", children);
    let sem = chan::named::<bool>("sem", g);
    let inside = Arc::new(PlainMutex::new(Inside::default()));

    for _child in 0..children {
        let (ch, sem, inside) = (ch.sender(), sem.clone(), inside.clone());
        go_named("child", move || {
            let _ = sem.send(true);
            if release_early {
                let _ = sem.recv();
            }
            {
                {
                    let mut inside = inside.lock();
                    inside.now += 1;
                    inside.max = inside.max.max(inside.now);
                }
                sleep(random_duration(MAX_WORK));
                let _ = ch.send("data".to_string());
                inside.lock().now -= 1;
            }
            if !release_early {
                let _ = sem.recv();
            }
        });
    }

    let mut results = Vec::with_capacity(children);
    let mut waiting = children;
    while waiting > 0 {
        results.push(ch.recv().expect("nobody closes ch"));
        waiting -= 1;
    }
    let max_inside = inside.lock().max;
    FannedOut {
        results,
        max_inside,
    }
}

/// Panics unless every child's result arrived and never more than `g` were inside at once.
pub fn assert_bounded(out: &FannedOut, children: usize, g: usize) {
    assert!(
        out.max_inside <= g,
        "{} children inside a semaphore of {g}",
        out.max_inside
    );
    assert_eq!(out.results, vec!["data".to_string(); children]);
}

fn bounded(size: Size) {
    let out = fan_out_sem(size.items, size.workers, false);
    assert_bounded(&out, size.items, size.workers);
}

fn released_early(size: Size) {
    let out = fan_out_sem(size.items, size.workers, true);
    assert_bounded(&out, size.items, size.workers);
}

/// Loom: g = 1 with 2 children; the others: that and the seed's g = 5 with 20 children.
const SEM: Claim = Claim {
    model_size: Size::new(1, 2),
    large_size: Size::new(5, 20),
    ..Claim::DEFAULTS
};

/// The claims: never more than `g` inside and all complete; releasing first breaks the bound.
pub const CLAIMS: &[Claim] = &[
    Claim {
        pattern: "fan_out_semaphore",
        name: "at-most-g-inside-all-complete",
        statement: "Never more than g children are inside the semaphore at once, every result \
                    arrives, and every child returns.",
        expect: Outcome::Holds,
        twin: Some("release-before-work-exceeds-g"),
        body: bounded,
        ..SEM
    },
    Claim {
        pattern: "fan_out_semaphore",
        name: "release-before-work-exceeds-g",
        statement: "A child that takes its token back out of `sem` before its work is not \
                    limited by it: more than g children work at once.",
        expect: Outcome::Panic,
        fix: Some("<-sem after the work, not before it"),
        body: released_early,
        ..SEM
    },
];
