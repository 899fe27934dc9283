//! Go's `context`: cancellation and deadlines, with `done()` as a channel for `select!`.

use std::fmt;
use std::time::Duration;

use crate::chan::{self, Chan, Receiver};
use crate::facade::plain::{Arc, PlainMutex};
use crate::time::{TimerStop, after_func};

/// Why a context is done.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContextError {
    /// `context.Canceled`: its cancel function was called.
    Canceled,
    /// `context.DeadlineExceeded`: its timeout passed.
    DeadlineExceeded,
}

impl fmt::Display for ContextError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ContextError::Canceled => "context canceled",
            ContextError::DeadlineExceeded => "context deadline exceeded",
        })
    }
}

impl std::error::Error for ContextError {}

struct Node {
    done: Chan<()>,
    err: PlainMutex<Option<ContextError>>,
    children: PlainMutex<Vec<Arc<Node>>>,
    timer: PlainMutex<Option<TimerStop>>,
}

impl Node {
    fn cancel(&self, why: ContextError) {
        {
            let mut err = self.err.lock();
            if err.is_some() {
                return;
            }
            *err = Some(why);
        }
        if let Some(timer) = self.timer.lock().take() {
            timer.stop();
        }
        let _ = self.done.close();
        let children = std::mem::take(&mut *self.children.lock());
        for child in children {
            child.cancel(why);
        }
    }
}

/// Go's `context.Context`. `background()` is never done; derived contexts are done when
/// cancelled, when their timeout passes, or when their parent is done.
#[derive(Clone)]
pub struct Context {
    node: Option<Arc<Node>>,
}

impl fmt::Debug for Context {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.node {
            None => f.write_str("Context(background)"),
            Some(n) => write!(f, "Context({})", n.done.name()),
        }
    }
}

/// `context.Background()`.
pub fn background() -> Context {
    Context { node: None }
}

/// Cancels its context (Go's `CancelFunc`); calling it again does nothing.
#[derive(Clone)]
pub struct CancelFunc {
    node: Arc<Node>,
}

impl fmt::Debug for CancelFunc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("CancelFunc(..)")
    }
}

impl CancelFunc {
    /// `cancel()`.
    pub fn cancel(&self) {
        self.node.cancel(ContextError::Canceled);
    }
}

impl Context {
    /// `context.Background()`.
    pub fn background() -> Self {
        background()
    }

    /// `context.WithCancel(ctx)`.
    #[track_caller]
    pub fn with_cancel(&self) -> (Context, CancelFunc) {
        let node = self.child("ctx.done");
        (
            Context {
                node: Some(node.clone()),
            },
            CancelFunc { node },
        )
    }

    /// `context.WithTimeout(ctx, d)`: done after `d` (at a point of the model checker's choosing
    /// under loom and shuttle).
    #[track_caller]
    pub fn with_timeout(&self, d: Duration) -> (Context, CancelFunc) {
        let node = self.child("ctx.done");
        let target = node.clone();
        let timer = after_func(d, &format!("ctx.timeout({d:?})"), move || {
            target.cancel(ContextError::DeadlineExceeded)
        });
        *node.timer.lock() = Some(timer);
        // Cancelled already (its parent was done): the timer has nothing left to do.
        let cancelled = node.err.lock().is_some();
        if cancelled && let Some(t) = node.timer.lock().take() {
            t.stop();
        }
        (
            Context {
                node: Some(node.clone()),
            },
            CancelFunc { node },
        )
    }

    #[track_caller]
    fn child(&self, name: &str) -> Arc<Node> {
        let node = Arc::new(Node {
            done: chan::named(name, 0),
            err: PlainMutex::new(None),
            children: PlainMutex::new(Vec::new()),
            timer: PlainMutex::new(None),
        });
        if let Some(parent) = &self.node {
            let parent_err = *parent.err.lock();
            match parent_err {
                Some(why) => node.cancel(why),
                None => parent.children.lock().push(node.clone()),
            }
        }
        node
    }

    /// `ctx.Done()`: closed when the context is done; nil (never ready) for `background()`.
    pub fn done(&self) -> Receiver<()> {
        match &self.node {
            Some(n) => n.done.receiver(),
            None => Receiver::nil(),
        }
    }

    /// `ctx.Err()`: `None` while not done.
    pub fn err(&self) -> Option<ContextError> {
        self.node.as_ref().and_then(|n| *n.err.lock())
    }
}
