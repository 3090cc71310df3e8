//! Where words, sentences and clauses fall in a segment, for measuring how far a figure
//! is from a metric's name.

use std::ops::Range;

use crate::claim::Clauses;
use crate::phrases::Hit;
use crate::text::{Class, NChar};

/// Where words and sentences begin, for measuring distances.
pub(super) struct Layout {
    /// Spaces before each character.
    pub(super) spaces: Vec<u32>,
    /// The sentence each character is in.
    pub(super) sentence: Vec<u32>,
    /// Whether each sentence ends in a question mark.
    pub(super) question: Vec<bool>,
    /// Where clauses begin, and which deny something.
    pub(super) clauses: Clauses,
}

impl Layout {
    pub(super) fn new(t: &[NChar], breaks: &[Hit<()>]) -> Layout {
        let mut spaces = Vec::with_capacity(t.len() + 1);
        let mut sentence = Vec::with_capacity(t.len() + 1);
        let mut question = vec![false];
        let (mut s, mut id) = (0, 0);
        for (i, n) in t.iter().enumerate() {
            spaces.push(s);
            sentence.push(id);
            if n.class == Class::Space {
                s += 1;
            }
            let decimal_point = n.c == '.'
                && i > 0
                && t[i - 1].class == Class::Digit
                && t.get(i + 1).is_some_and(|d| d.class == Class::Digit);
            if matches!(n.c, '.' | '?' | '!' | '。' | '？' | '！' | '…') && !decimal_point {
                if let Some(q) = question.last_mut() {
                    *q |= matches!(n.c, '?' | '？');
                }
                id += 1;
                question.push(false);
            }
        }
        spaces.push(s);
        sentence.push(id);
        let clauses = Clauses::new(t, &sentence, breaks);
        Layout {
            spaces,
            sentence,
            question,
            clauses,
        }
    }

    /// Whole words strictly between characters `lo` and `hi`.
    pub(super) fn words_between(&self, lo: usize, hi: usize) -> u32 {
        (self.spaces[hi] - self.spaces[lo]).saturating_sub(1)
    }

    pub(super) fn breaks_between(&self, lo: usize, hi: usize) -> u32 {
        self.clauses.between(lo, hi)
    }

    /// The word character `at` is in.
    pub(super) fn word(&self, at: usize) -> u32 {
        self.spaces[at]
    }

    /// The indices of the hits (sorted by start) that start in words `lo..=hi`.
    pub(super) fn within<T>(&self, hits: &[Hit<T>], lo: u32, hi: u32) -> Range<usize> {
        let from = hits.partition_point(|h| self.word(h.first) < lo);
        let to = hits.partition_point(|h| self.word(h.first) <= hi);
        from..to.max(from)
    }

    pub(super) fn is_question(&self, at: usize) -> bool {
        self.question
            .get(self.sentence[at] as usize)
            .copied()
            .unwrap_or(false)
    }
}
