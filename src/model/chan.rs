//! A typed channel handle over the model runtime: boxes values in, downcasts them out.

use std::marker::PhantomData;

use super::runtime::{Arm, ChanId, Done, Runtime, Selected, Value};
use crate::chan::{CloseError, SendError, TryRecvError, TrySendError};
use crate::facade::plain::Arc;
use crate::monitor::{Name, Op, Site};

/// One model channel: an index into its execution's runtime.
pub(crate) struct Core<T> {
    pub(crate) rt: Arc<Runtime>,
    pub(crate) id: ChanId,
    cap: usize,
    _values: PhantomData<fn(T) -> T>,
}

impl<T> Clone for Core<T> {
    fn clone(&self) -> Self {
        Self {
            rt: self.rt.clone(),
            id: self.id,
            cap: self.cap,
            _values: PhantomData,
        }
    }
}

pub(crate) fn unbox<T: 'static>(value: Value) -> T {
    *value.downcast::<T>().expect("a channel carries one type")
}

#[cfg(any(loom, feature = "shuttle"))]
impl Core<std::time::Instant> {
    #[track_caller]
    pub(crate) fn after(d: std::time::Duration) -> Self {
        super::spawn::after(d, Arc::from(format!("after({d:?})")))
    }

    #[track_caller]
    pub(crate) fn tick(d: std::time::Duration) -> Self {
        super::spawn::tick(d, Arc::from(format!("tick({d:?})")))
    }
}

impl<T: Send + 'static> Core<T> {
    pub(crate) fn new(cap: usize, name: Option<Name>) -> Self {
        Self::new_in(Runtime::current(), cap, name)
    }

    pub(crate) fn new_in(rt: Arc<Runtime>, cap: usize, name: Option<Name>) -> Self {
        let id = rt.make_chan(cap, name);
        Self::from_id(rt, id, cap)
    }

    /// A handle on a channel the runtime already made (a timer's).
    pub(crate) fn from_id(rt: Arc<Runtime>, id: ChanId, cap: usize) -> Self {
        Self {
            rt,
            id,
            cap,
            _values: PhantomData,
        }
    }

    /// A send or receive on a nil channel: blocks until the monitor ends the execution.
    pub(crate) fn block_on_nil(op: Op, site: Site) -> ! {
        let arm = if op == Op::Send {
            Arm::Send(None, Box::new(()))
        } else {
            Arm::Recv(None)
        };
        drop(Runtime::current().select(vec![arm], false, op, site, None));
        unreachable!("nothing completes an operation on a nil channel")
    }

    pub(crate) fn rename(&self, name: Name) {
        self.rt.rename_chan(self.id, name);
    }

    pub(crate) fn name(&self) -> Name {
        self.rt.chan_name(self.id)
    }

    pub(crate) fn send_as(&self, value: T, op: Op, site: Site) -> Result<(), SendError<T>> {
        match self.rt.select(
            vec![Arm::Send(Some(self.id), Box::new(value))],
            false,
            op,
            site,
            None,
        ) {
            Selected::Arm(_, Done::Sent) => Ok(()),
            Selected::Arm(_, Done::SendClosed(v)) => Err(SendError(unbox(v))),
            _ => unreachable!("a blocking send ends sent or closed"),
        }
    }

    pub(crate) fn recv_as(&self, op: Op, site: Site) -> Option<T> {
        match self
            .rt
            .select(vec![Arm::Recv(Some(self.id))], false, op, site, None)
        {
            Selected::Arm(_, Done::Received(v)) => v.map(unbox),
            _ => unreachable!("a blocking receive ends with a value or closed"),
        }
    }

    pub(crate) fn try_send(&self, value: T, site: Site) -> Result<(), TrySendError<T>> {
        let arm = Arm::Send(Some(self.id), Box::new(value));
        match self.rt.select(vec![arm], true, Op::Send, site, None) {
            Selected::Arm(_, Done::Sent) => Ok(()),
            Selected::Arm(_, Done::SendClosed(v)) => Err(TrySendError::Closed(unbox(v))),
            Selected::Default(mut arms) => match arms.pop() {
                Some(Arm::Send(_, v)) => Err(TrySendError::Full(unbox(v))),
                _ => unreachable!("the refused send arm comes back"),
            },
            Selected::Arm(..) => unreachable!("a send ends sent or closed"),
        }
    }

    pub(crate) fn try_recv(&self, site: Site) -> Result<T, TryRecvError> {
        match self
            .rt
            .select(vec![Arm::Recv(Some(self.id))], true, Op::Recv, site, None)
        {
            Selected::Arm(_, Done::Received(Some(v))) => Ok(unbox(v)),
            Selected::Arm(_, Done::Received(None)) => Err(TryRecvError::Closed),
            Selected::Default(_) => Err(TryRecvError::Empty),
            Selected::Arm(..) => unreachable!("a receive ends with a value or closed"),
        }
    }

    pub(crate) fn close(&self, site: Site) -> Result<(), CloseError> {
        self.rt
            .close(self.id, site)
            .map_err(|()| CloseError::AlreadyClosed)
    }

    pub(crate) fn len(&self) -> usize {
        self.rt.len(self.id)
    }

    pub(crate) fn cap(&self) -> usize {
        self.cap
    }

    pub(crate) fn is_closed(&self) -> bool {
        self.rt.is_closed(self.id)
    }
}
