//! Text prepared for matching: lower case, whitespace runs collapsed to one space, and
//! every character keeping its byte range in the original, so a match found here maps
//! back to a span of the segment as it was written.

/// What kind of character this is, as far as word boundaries are concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Class {
    Hangul,
    Latin,
    Digit,
    Space,
    Other,
}

impl Class {
    /// Latin letters and digits form English words; a match must not cut through one.
    pub(crate) fn is_word(self) -> bool {
        matches!(self, Class::Latin | Class::Digit)
    }
}

/// One character of normalised text.
#[derive(Debug, Clone, Copy)]
pub(crate) struct NChar {
    /// Lower-cased; a run of whitespace is one `' '`.
    pub c: char,
    pub class: Class,
    /// The character was upper case in the original.
    pub upper: bool,
    /// Byte range in the original text.
    pub start: usize,
    pub end: usize,
}

pub(crate) fn classify(c: char) -> Class {
    match c {
        '0'..='9' => Class::Digit,
        '\u{AC00}'..='\u{D7A3}' | '\u{1100}'..='\u{11FF}' | '\u{3130}'..='\u{318F}' => {
            Class::Hangul
        }
        c if c.is_whitespace() => Class::Space,
        // Latin script only: accented letters belong to words, other scripts do not.
        c if c.is_alphabetic() && (c as u32) < 0x0250 => Class::Latin,
        _ => Class::Other,
    }
}

pub(crate) fn is_hangul(c: char) -> bool {
    classify(c) == Class::Hangul
}

/// Normalises `text`; leading whitespace is dropped, inner runs become one space.
pub(crate) fn normalize(text: &str) -> Vec<NChar> {
    let mut out: Vec<NChar> = Vec::with_capacity(text.len());
    for (start, ch) in text.char_indices() {
        let end = start + ch.len_utf8();
        let class = classify(ch);
        if class == Class::Space {
            match out.last_mut() {
                None => {}
                Some(last) if last.class == Class::Space => last.end = end,
                Some(_) => out.push(NChar {
                    c: ' ',
                    class,
                    upper: false,
                    start,
                    end,
                }),
            }
            continue;
        }
        let lower = ch.to_lowercase().next().unwrap_or(ch);
        out.push(NChar {
            c: lower,
            class,
            upper: ch.is_uppercase(),
            start,
            end,
        });
    }
    out
}

/// The original text covered by normalised characters `first..last`.
#[cfg(test)]
pub(crate) fn slice<'a>(text: &'a str, chars: &[NChar], first: usize, last: usize) -> &'a str {
    if first >= last || last > chars.len() {
        return "";
    }
    text.get(chars[first].start..chars[last - 1].end)
        .unwrap_or("")
}

/// True when normalised `chars` spell `word` starting at `at`.
pub(crate) fn starts_with(chars: &[NChar], at: usize, word: &str) -> bool {
    let mut i = at;
    for w in word.chars() {
        match chars.get(i) {
            Some(n) if n.c == w => i += 1,
            _ => return false,
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whitespace_collapses_and_offsets_survive() {
        let text = "  MRR이   50K\t정도";
        let n = normalize(text);
        let s: String = n.iter().map(|c| c.c).collect();
        assert_eq!(s, "mrr이 50k 정도");
        assert!(n[0].upper);
        assert_eq!(slice(text, &n, 0, 4), "MRR이");
        assert_eq!(slice(text, &n, 5, 8), "50K");
    }

    #[test]
    fn classes() {
        assert_eq!(classify('매'), Class::Hangul);
        assert_eq!(classify('é'), Class::Latin);
        assert_eq!(classify('7'), Class::Digit);
        assert_eq!(classify('😀'), Class::Other);
        assert_eq!(classify('円'), Class::Other);
    }
}
