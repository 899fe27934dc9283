//! sequencing: fan-in that restores lockstep, each source waiting on its own wait channel.
//!
//! Go original: `Message`, `fanIn`, `boring` and `main` from seed 001 (channel patterns),
//! section "Fan-in with restire seequence by using Wait Channel":
//!
//! ```go
//! type Message struct {
//!     str  string
//!     wait chan bool
//! }
//!
//! func fanIn(inputs ...<-chan Message) <-chan Message {
//!     c := make(chan Message)
//!     for i := range inputs {
//!         input := inputs[i]
//!         go func() {
//!             for {
//!                 c <- <-input
//!             }
//!         }()
//!     }
//!     return c
//! }
//!
//! func boring(msg string) <-chan Message {
//!     c := make(chan Message)
//!     waitForIt := make(chan bool) // share between all messages
//!     go func() {
//!         for i := 0; ; i++ {
//!             c <- Message{
//!                 str:  fmt.Sprintf("%s %d", msg, i),
//!                 wait: waitForIt,
//!             }
//!             time.Sleep(time.Duration(rand.Intn(1e3)) * time.Millisecond)
//!             <-waitForIt
//!         }
//!     }()
//!     return c
//! }
//!
//! func main() {
//!     c := fanIn(boring("Joe"), boring("Ahn"))
//!     for i := 0; i < 5; i++ {
//!         msg1 := <-c
//!         fmt.Println(msg1.str)
//!         msg2 := <-c
//!         fmt.Println(msg2.str)
//!         msg1.wait <- true
//!         msg2.wait <- true
//!     }
//!     fmt.Println("You're both boring. I'm leaving")
//! }
//! ```
//!
//! Each generator sends a message that carries its own private wait channel, then blocks on
//! it; `main` takes one message from each source and only then releases both. So the sources
//! move in strict lockstep: round `i` brings exactly `Joe i` and `Ahn i` (in either order), and
//! the protocol never deadlocks.
//!
//! Three departures from the seed, all to make the claims checkable:
//!
//! - The fan-in is the seed's *select* form (`fanInSimple(input1, input2)` from the "Fan-in or
//!   Multiplexing pattern" section of the same seed): one forwarding goroutine for both inputs
//!   instead of one per input. main, Joe, Ahn and the fan-in are then 4 threads, which loom can
//!   explore; the per-input form needs 5.
//! - The generators stop after `rounds` messages and close their channel; the fan-in turns a
//!   closed input into a nil channel (Go's idiom) and returns once both are closed. The seed's
//!   generators loop forever, so when its `main` leaves they and the fan-in stay blocked (its
//!   process exits, hiding that); here every goroutine returns and a leak would be reported.
//! - The seed's random pauses are fixed to one of the runs they allow: Joe is quick (no
//!   pause), Ahn slow (2 ms). Real threads then hit the twin's counterexample in the same shape
//!   every time (its report is a reviewed snapshot), and Joe's pause costs loom nothing.
//!
//! The twin gives both generators one *shared* wait channel (the seed's comment "share between
//! all messages", taken to mean all sources). Then a release `main` meant for Ahn can be taken
//! by Joe, who sends his next message into the same round and runs one message ahead. A source
//! that runs ahead finishes its rounds early, and in the last round `main` waits for a second
//! message from the one source left — which is itself waiting for a release: DEADLOCK, with
//! `main` stuck in `recv c`. (A run whose sources fall back into step completes, so the twin
//! is a scheduling bug: loom and shuttle find the bad interleaving; on real threads quick Joe
//! takes both releases of the first round every time.)
//!
//! Sizes: `workers` is the number of sources, always 2 (Joe and Ahn, as in the seed); `items`
//! is the number of rounds `main` runs (the seed: 5). Four threads are expensive for loom:
//! the positive claim runs one round at preemption bound 1 there; the twin needs two rounds (a
//! source can only run ahead once released twice), also at bound 1. Shuttle and real threads
//! run 1–2 and 20 rounds.

use std::time::Duration;

use crate::chan::{self, Chan, Receiver, Sender};
use crate::check::{Claim, Outcome, Size};
use crate::time::sleep;
use crate::{go_named, select};

/// A message with the channel its sender waits on before it sends the next one.
pub struct Message {
    /// The text, `"<source> <i>"`.
    pub str: String,
    /// The sender's wait channel: `main` sends `true` on it to release the sender.
    pub wait: Sender<bool>,
}

/// Joe's pause after each message: none, he is the quick one.
pub const JOE_PAUSE: Duration = Duration::ZERO;
/// Ahn's pause after each message (the seed: a random pause of up to 1 s for both).
pub const AHN_PAUSE: Duration = Duration::from_millis(2);

/// How a run is set up: the correct program, or one of its twins.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Variant {
    /// Each generator has its own wait channel.
    Lockstep,
    /// Both generators share one wait channel (twin: a source runs ahead and main deadlocks).
    SharedWait,
}

/// `fanIn(input1, input2)` in the seed's select form: forward whatever either input sends
/// onto one channel; return once both inputs are closed.
pub fn fan_in(input1: Receiver<Message>, input2: Receiver<Message>) -> Receiver<Message> {
    let c = chan::named::<Message>("c", 0);
    let out = c.sender();
    go_named("fan-in", move || {
        let (mut input1, mut input2) = (input1, input2);
        let mut open = 2;
        while open > 0 {
            let received = select! {
                recv(input1) -> s => s.ok_or(1),
                recv(input2) -> s => s.ok_or(2),
            };
            match received {
                Ok(s) => {
                    let _ = out.send(s);
                }
                Err(1) => {
                    input1 = Receiver::nil();
                    open -= 1;
                }
                Err(_) => {
                    input2 = Receiver::nil();
                    open -= 1;
                }
            }
        }
        let _ = out.close();
    });
    c.receiver()
}

/// `boring(msg)`: send `"<msg> <i>"` with `wait_for_it` attached, pause, and wait to be
/// released; after `rounds` messages, close the channel and return.
pub fn boring(
    msg: &str,
    pause: Duration,
    rounds: usize,
    wait_for_it: Chan<bool>,
) -> Receiver<Message> {
    let c = chan::named::<Message>(&format!("c-{msg}"), 0);
    let tx = c.sender();
    let msg = msg.to_string();
    let name = msg.clone();
    go_named(&name, move || {
        let mut i = 0;
        while i < rounds {
            let _ = tx.send(Message {
                str: format!("{msg} {i}"),
                wait: wait_for_it.sender(),
            });
            if !pause.is_zero() {
                sleep(pause);
            }
            let _ = wait_for_it.recv();
            i += 1;
        }
        let _ = tx.close();
    });
    c.receiver()
}

/// The seed's `main` for `rounds` rounds: what it prints, one pair of messages per round.
pub fn sequencing(rounds: usize) -> Vec<(String, String)> {
    sequencing_variant(rounds, Variant::Lockstep)
}

/// `main` for `rounds` rounds with generators set up as `variant` says.
pub fn sequencing_variant(rounds: usize, variant: Variant) -> Vec<(String, String)> {
    let (joe_wait, ahn_wait) = match variant {
        Variant::SharedWait => {
            let shared = chan::named::<bool>("waitForIt", 0);
            (shared.clone(), shared)
        }
        Variant::Lockstep => (
            chan::named::<bool>("waitForIt-Joe", 0),
            chan::named::<bool>("waitForIt-Ahn", 0),
        ),
    };
    let c = fan_in(
        boring("Joe", JOE_PAUSE, rounds, joe_wait),
        boring("Ahn", AHN_PAUSE, rounds, ahn_wait),
    );
    let mut printed = Vec::with_capacity(rounds);
    for _ in 0..rounds {
        let msg1 = c.recv().expect("the fan-in closes c only after the last round");
        let msg2 = c.recv().expect("the fan-in closes c only after the last round");
        let _ = msg1.wait.send(true);
        let _ = msg2.wait.send(true);
        printed.push((msg1.str, msg2.str));
    }
    printed
}

/// Panics unless every round brought exactly `Joe i` and `Ahn i`.
pub fn assert_lockstep(printed: &[(String, String)], rounds: usize) {
    assert_eq!(printed.len(), rounds, "one pair per round");
    for (i, (a, b)) in printed.iter().enumerate() {
        let mut pair = [a.as_str(), b.as_str()];
        pair.sort_unstable();
        assert_eq!(
            pair,
            [format!("Ahn {i}").as_str(), format!("Joe {i}").as_str()],
            "round {i} must bring one message from each source"
        );
    }
}

fn lockstep(size: Size) {
    assert_lockstep(&sequencing(size.items), size.items);
}

fn shared_wait(size: Size) {
    sequencing_variant(size.items, Variant::SharedWait);
}

/// Two sources, Joe and Ahn, at every size; loom runs 2 rounds for the twins, the others 20.
const TWO_SOURCES: Claim = Claim {
    model_size: Size::new(2, 2),
    large_size: Size::new(2, 20),
    ..Claim::DEFAULTS
};

/// The positive claims under loom: one round at preemption bound 1 (see the module docs).
const POSITIVE: Claim = Claim {
    model_size: Size::new(2, 1),
    preemption_bound: Some(1),
    ..TWO_SOURCES
};

/// The claims: strict lockstep with a clean exit; a shared wait channel deadlocks.
pub const CLAIMS: &[Claim] = &[
    Claim {
        pattern: "sequencing",
        name: "strict-lockstep",
        statement: "Every round main receives exactly one message from each source, `Joe i` and \
                    `Ahn i`; the protocol never deadlocks, and Joe, Ahn and the fan-in all return \
                    after the last round.",
        expect: Outcome::Holds,
        twin: Some("shared-wait-channel-deadlocks"),
        body: lockstep,
        ..POSITIVE
    },
    Claim {
        pattern: "sequencing",
        name: "shared-wait-channel-deadlocks",
        statement: "When both sources share one wait channel, a release meant for one source can \
                    be taken by the other, which runs ahead and finishes early; main then waits \
                    forever for a second message in its last round.",
        expect: Outcome::Deadlock,
        fix: Some("one wait channel per source: waitForIt := make(chan bool) inside boring"),
        body: shared_wait,
        preemption_bound: Some(1),
        stuck: &[("main", "recv c")],
        ..TWO_SOURCES
    },
];
