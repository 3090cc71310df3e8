//! The recent audio of one source, addressed by sample index.

use std::collections::VecDeque;

/// The last `capacity` samples of a stream, with their indices.
#[derive(Debug)]
pub struct History {
    samples: VecDeque<f32>,
    /// Index of `samples[0]`.
    base: u64,
    capacity: usize,
}

impl History {
    pub fn new(capacity: usize) -> Self {
        Self {
            samples: VecDeque::with_capacity(capacity),
            base: 0,
            capacity,
        }
    }

    /// Appends the next samples (contiguous with the last call).
    pub fn push(&mut self, samples: &[f32]) {
        self.samples.extend(samples);
        let over = self.samples.len().saturating_sub(self.capacity);
        self.samples.drain(..over);
        self.base += over as u64;
    }

    /// One past the last index.
    pub fn end(&self) -> u64 {
        self.base + self.samples.len() as u64
    }

    /// The samples of `start..end` still held, and the index they start at.
    pub fn range(&self, start: u64, end: u64) -> (u64, Vec<f32>) {
        let from = start.clamp(self.base, self.end());
        let to = end.clamp(from, self.end());
        let (a, b) = ((from - self.base) as usize, (to - self.base) as usize);
        (from, self.samples.range(a..b).copied().collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_last_samples_by_index() {
        let mut h = History::new(4);
        h.push(&[0.0, 1.0, 2.0]);
        h.push(&[3.0, 4.0, 5.0]);
        assert_eq!(h.end(), 6);
        assert_eq!(h.range(0, 6), (2, vec![2.0, 3.0, 4.0, 5.0]));
        assert_eq!(h.range(3, 5), (3, vec![3.0, 4.0]));
        assert_eq!(h.range(5, 9), (5, vec![5.0]));
        assert_eq!(h.range(7, 9), (6, vec![]));
    }
}
