//! What the monitors record, in every build: the operation a thread is blocked in, where, and on
//! which channels; thread roles; and the numbered event trace of one execution.

use std::fmt;
use std::panic::Location;

use crate::facade::plain::Arc;

/// The source line of an operation, captured with `#[track_caller]`.
pub(crate) type Site = &'static Location<'static>;

/// An operation a thread can be blocked in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Op {
    /// `ch <- v`
    Send,
    /// `<-ch`
    Recv,
    /// `select { … }` with no ready arm.
    Select,
    /// `mu.Lock()`
    Lock,
    /// `wg.Wait()`
    Wait,
    /// Waiting for a spawned thread to finish.
    Join,
    /// `time.Sleep`
    Sleep,
    /// Not blocked at all: running (spinning, say) when a time limit ended the check.
    Busy,
}

impl fmt::Display for Op {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Op::Send => "send",
            Op::Recv => "recv",
            Op::Select => "select",
            Op::Lock => "lock",
            Op::Wait => "wait",
            Op::Join => "join",
            Op::Sleep => "sleep",
            Op::Busy => "busy",
        })
    }
}

/// One blocked operation: what, on which channels (arms, for a select), and where.
#[derive(Debug, Clone)]
pub(crate) struct BlockedOn {
    pub(crate) op: Op,
    /// One entry per arm, e.g. `recv result` or `send jobs`; a nil channel reads `recv nil`.
    pub(crate) arms: Vec<String>,
    pub(crate) site: Site,
}

impl BlockedOn {
    pub(crate) fn describe_arms(&self) -> String {
        match self.op {
            Op::Select => format!("select {{ {} }}", self.arms.join(", ")),
            _ => self.arms.join(", "),
        }
    }
}

/// Who a thread is to the monitor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    /// The thread running the checked body.
    Main,
    /// A thread spawned with `go`.
    Goroutine,
    /// A runtime timer or ticker: never reported as leaked.
    Daemon,
}

/// A channel's display name: given by `named`, or `chan#N` in creation order.
pub(crate) type Name = Arc<str>;

pub(crate) fn chan_label(id: usize) -> Name {
    Arc::from(format!("chan#{id}"))
}

/// The address of a source line as reports print it: `src/patterns/cancellation.rs:41`.
pub(crate) fn site_label(site: Site) -> String {
    format!("{}:{}", site.file(), site.line())
}
