//! Response bodies: a short text, or a range of a [`Playable`] read piece by piece.

use std::io;
use std::pin::Pin;
use std::task::{Context, Poll, ready};

use bytes::Bytes;
use http_body::{Body, Frame, SizeHint};
use tokio::task::JoinHandle;

use crate::playable::Playable;

/// The most read at once for a response. Reads run on tokio's blocking threads (files
/// and the mix are blocking work), one piece at a time per response and only when hyper
/// asks for more, so a paused player that stops reading holds no thread and no more than
/// one piece of memory.
const PIECE: u64 = 128 * 1024;

pub enum ResponseBody {
    /// A complete body held in memory (an error's text), or nothing.
    Full(Option<Bytes>),
    Audio(AudioRange),
}

impl ResponseBody {
    pub fn text(text: &'static str) -> Self {
        Self::Full(Some(Bytes::from_static(text.as_bytes())))
    }

    pub fn empty() -> Self {
        Self::Full(None)
    }
}

/// Bytes `next..end` of `source`, still to send.
pub struct AudioRange {
    source: Option<Playable>,
    next: u64,
    end: u64,
    reading: Option<JoinHandle<(Playable, io::Result<Vec<u8>>)>>,
}

impl AudioRange {
    pub fn new(source: Playable, start: u64, end: u64) -> Self {
        Self {
            source: Some(source),
            next: start,
            end,
            reading: None,
        }
    }

    fn poll_piece(&mut self, cx: &mut Context<'_>) -> Poll<Option<io::Result<Bytes>>> {
        if let Some(reading) = &mut self.reading {
            let joined = ready!(Pin::new(reading).poll(cx));
            self.reading = None;
            let (source, piece) = match joined {
                Ok(done) => done,
                Err(_) => return Poll::Ready(Some(Err(io::Error::other("read task failed")))),
            };
            self.source = Some(source);
            let piece = match piece {
                Ok(piece) if !piece.is_empty() => piece,
                Ok(_) => return Poll::Ready(Some(Err(io::Error::other("recording ended early")))),
                Err(e) => return Poll::Ready(Some(Err(e))),
            };
            self.next += piece.len() as u64;
            return Poll::Ready(Some(Ok(Bytes::from(piece))));
        }
        if self.next >= self.end {
            return Poll::Ready(None);
        }
        let Some(mut source) = self.source.take() else {
            return Poll::Ready(None);
        };
        let (start, end) = (self.next, self.end.min(self.next + PIECE));
        self.reading = Some(tokio::task::spawn_blocking(move || {
            let piece = source.read_range(start, end);
            (source, piece)
        }));
        // Poll the new task once so its waker is registered.
        self.poll_piece(cx)
    }
}

impl Body for ResponseBody {
    type Data = Bytes;
    type Error = io::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, io::Error>>> {
        match self.get_mut() {
            Self::Full(bytes) => Poll::Ready(bytes.take().map(|b| Ok(Frame::data(b)))),
            Self::Audio(range) => range
                .poll_piece(cx)
                .map(|piece| piece.map(|result| result.map(Frame::data))),
        }
    }

    fn is_end_stream(&self) -> bool {
        match self {
            Self::Full(bytes) => bytes.is_none(),
            Self::Audio(range) => range.next >= range.end,
        }
    }

    fn size_hint(&self) -> SizeHint {
        match self {
            Self::Full(bytes) => SizeHint::with_exact(bytes.as_ref().map_or(0, |b| b.len() as u64)),
            Self::Audio(range) => SizeHint::with_exact(range.end.saturating_sub(range.next)),
        }
    }
}
