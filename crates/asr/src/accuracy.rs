//! How far a transcript is from what was said: word error rate for languages written
//! with spaces between words, character error rate for Korean (whose spacing varies
//! between writers, so that spaces are left out of the count).
//!
//! Both texts are normalised the same way before counting: lower case, punctuation and
//! symbols taken out (so "Abbie." and "abbie" agree), whitespace collapsed. Numbers stay
//! as written: "1,000" against "one thousand" counts as an error, as a reader would see it.

/// Errors (substitutions, deletions, insertions) against the length of the reference.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ErrorCount {
    pub errors: usize,
    pub reference_len: usize,
}

impl ErrorCount {
    /// The error rate, 0.0 for a perfect transcript; above 1.0 when the hypothesis adds
    /// more than the reference holds. An empty reference gives 0.0 only for an empty
    /// hypothesis.
    pub fn rate(&self) -> f64 {
        if self.reference_len == 0 {
            return if self.errors == 0 { 0.0 } else { f64::INFINITY };
        }
        self.errors as f64 / self.reference_len as f64
    }
}

impl std::ops::Add for ErrorCount {
    type Output = ErrorCount;
    fn add(self, other: ErrorCount) -> ErrorCount {
        ErrorCount {
            errors: self.errors + other.errors,
            reference_len: self.reference_len + other.reference_len,
        }
    }
}

impl std::iter::Sum for ErrorCount {
    fn sum<I: Iterator<Item = ErrorCount>>(iter: I) -> ErrorCount {
        iter.fold(ErrorCount::default(), |a, b| a + b)
    }
}

/// Which unit errors are counted in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Words,
    /// Characters, spaces left out.
    Characters,
}

impl Unit {
    /// Characters for Korean, Japanese and Chinese (written without reliable word
    /// spacing), words for the rest.
    pub fn for_language(code: &str) -> Unit {
        match code {
            "ko" | "ja" | "zh" => Unit::Characters,
            _ => Unit::Words,
        }
    }
}

/// Errors of `hypothesis` against `reference`, counted in `unit`.
pub fn error_count(reference: &str, hypothesis: &str, unit: Unit) -> ErrorCount {
    let (r, h) = (normalize(reference), normalize(hypothesis));
    match unit {
        Unit::Words => {
            let r: Vec<&str> = r.split(' ').filter(|w| !w.is_empty()).collect();
            let h: Vec<&str> = h.split(' ').filter(|w| !w.is_empty()).collect();
            ErrorCount {
                errors: edit_distance(&r, &h),
                reference_len: r.len(),
            }
        }
        Unit::Characters => {
            let r: Vec<char> = r.chars().filter(|c| *c != ' ').collect();
            let h: Vec<char> = h.chars().filter(|c| *c != ' ').collect();
            ErrorCount {
                errors: edit_distance(&r, &h),
                reference_len: r.len(),
            }
        }
    }
}

/// Lower case, letters and digits only (of any script), one space between words.
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            out.push(c);
        } else if c == '\'' || c == '’' {
            // "I'm" stays one word, as it is one in the reference.
        } else if !out.ends_with(' ') {
            out.push(' ');
        }
    }
    out.trim().to_owned()
}

/// Levenshtein distance: the fewest substitutions, deletions and insertions that turn
/// `a` into `b`.
fn edit_distance<T: PartialEq>(a: &[T], b: &[T]) -> usize {
    // One row of the table at a time: `row[j]` is the distance from the first `i`
    // items of `a` to the first `j` of `b`.
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, x) in a.iter().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, y) in b.iter().enumerate() {
            let substitute = diagonal + usize::from(x != y);
            let delete = row[j + 1] + 1;
            let insert = row[j] + 1;
            diagonal = row[j + 1];
            row[j + 1] = substitute.min(delete).min(insert);
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wer(r: &str, h: &str) -> ErrorCount {
        error_count(r, h, Unit::Words)
    }

    #[test]
    fn words_count_substitutions_deletions_and_insertions() {
        assert_eq!(wer("ask not what", "ask not what").errors, 0);
        assert_eq!(wer("a", "a a").errors, 1, "an inserted word");
        assert_eq!(wer("a b c", "a c").errors, 1, "a deleted word");
        assert_eq!(wer("a b c", "a x c").errors, 1, "a substituted word");
        assert_eq!(wer("a b c d", "d c b a").errors, 4);
        let count = wer("the cat sat", "the cat sat on the mat");
        assert_eq!((count.errors, count.reference_len), (3, 3));
        assert!((count.rate() - 1.0).abs() < 1e-9);
    }

    #[test]
    fn case_and_punctuation_are_not_errors() {
        assert_eq!(
            wer(
                "Um, I'm Abigail Claflin, you can call me Abbie.",
                "um i'm abigail claflin you can call me abbie"
            )
            .errors,
            0
        );
        assert_eq!(wer("ComfyUI folder", "Confu i folder").errors, 2);
    }

    #[test]
    fn korean_counts_characters_without_spaces() {
        let cer = error_count(
            "그는 이리저리 피하면서 길 한 옆으로 걸어갔다.",
            "그는 이리 저리 피하면서 길 한옆으로 걸어 갔다",
            Unit::Characters,
        );
        assert_eq!(cer.errors, 0, "spacing differs, the characters do not");
        let cer = error_count("이리저리", "일위절이", Unit::Characters);
        assert_eq!(
            (cer.errors, cer.reference_len),
            (4, 4),
            "every syllable differs"
        );
    }

    #[test]
    fn totals_weigh_each_file_by_its_length() {
        let total: ErrorCount = [wer("a b c d", "a b c d"), wer("e f", "x y")]
            .into_iter()
            .sum();
        assert_eq!((total.errors, total.reference_len), (2, 6));
        assert_eq!(ErrorCount::default().rate(), 0.0);
        assert!(wer("", "noise").rate().is_infinite());
    }
}
