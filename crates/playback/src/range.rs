//! The `Range` request header (RFC 9110 §14), for one range of bytes.
//!
//! What is not understood is ignored, as §14.2 allows, and answered with the whole file
//! (200): another unit, a syntax error (`bytes=x-`, `bytes=5-2`), and several ranges
//! (which would need a multipart answer, and players ask for one range). A well-formed
//! range that starts past the end, or a zero-length suffix, is unsatisfiable (416).

/// What a request's `Range` header asks of a representation of `len` bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RangeRequest {
    /// The whole representation: no `Range`, or one this server ignores.
    Whole,
    /// Bytes `start..end` (`end` exclusive, never past the length, never empty).
    Part {
        start: u64,
        end: u64,
    },
    Unsatisfiable,
}

/// Reads `header` (the `Range` value, if any) against a length of `len` bytes.
pub fn parse_range(header: Option<&str>, len: u64) -> RangeRequest {
    let Some(header) = header else {
        return RangeRequest::Whole;
    };
    let Some((unit, spec)) = header.trim().split_once('=') else {
        return RangeRequest::Whole;
    };
    if !unit.trim().eq_ignore_ascii_case("bytes") || spec.contains(',') {
        return RangeRequest::Whole;
    }
    let Some((first, last)) = spec.trim().split_once('-') else {
        return RangeRequest::Whole;
    };
    match (first, last) {
        ("", suffix) => match digits(suffix) {
            None => RangeRequest::Whole,
            Some(0) => RangeRequest::Unsatisfiable,
            Some(_) if len == 0 => RangeRequest::Unsatisfiable,
            Some(n) => RangeRequest::Part {
                start: len - n.min(len),
                end: len,
            },
        },
        (first, last) => {
            let Some(first) = digits(first) else {
                return RangeRequest::Whole;
            };
            let last = match last {
                "" => u64::MAX,
                last => match digits(last) {
                    Some(last) if last >= first => last,
                    _ => return RangeRequest::Whole,
                },
            };
            if first >= len {
                RangeRequest::Unsatisfiable
            } else {
                RangeRequest::Part {
                    start: first,
                    end: last.saturating_add(1).min(len),
                }
            }
        }
    }
}

/// `1*DIGIT`; a number past `u64` saturates, since it only ever means "to the end".
fn digits(s: &str) -> Option<u64> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(s.bytes().fold(0u64, |n, b| {
        n.saturating_mul(10).saturating_add(u64::from(b - b'0'))
    }))
}

#[cfg(test)]
mod tests {
    use super::RangeRequest::{Part, Unsatisfiable, Whole};
    use super::*;

    #[test]
    fn the_three_forms() {
        assert_eq!(
            parse_range(Some("bytes=0-99"), 1000),
            Part { start: 0, end: 100 }
        );
        assert_eq!(
            parse_range(Some("bytes=990-"), 1000),
            Part {
                start: 990,
                end: 1000
            }
        );
        assert_eq!(
            parse_range(Some("bytes=-10"), 1000),
            Part {
                start: 990,
                end: 1000
            }
        );
        assert_eq!(
            parse_range(Some("BYTES = 5-5"), 1000),
            Part { start: 5, end: 6 }
        );
    }

    #[test]
    fn ranges_past_the_end_are_cut_or_unsatisfiable() {
        assert_eq!(
            parse_range(Some("bytes=900-5000"), 1000),
            Part {
                start: 900,
                end: 1000
            }
        );
        assert_eq!(
            parse_range(Some("bytes=-5000"), 1000),
            Part {
                start: 0,
                end: 1000
            }
        );
        let huge = "bytes=0-99999999999999999999999";
        assert_eq!(
            parse_range(Some(huge), 1000),
            Part {
                start: 0,
                end: 1000
            }
        );
        assert_eq!(parse_range(Some("bytes=1000-"), 1000), Unsatisfiable);
        assert_eq!(parse_range(Some("bytes=1000-2000"), 1000), Unsatisfiable);
        assert_eq!(parse_range(Some("bytes=-0"), 1000), Unsatisfiable);
        assert_eq!(parse_range(Some("bytes=0-"), 0), Unsatisfiable);
        assert_eq!(parse_range(Some("bytes=-5"), 0), Unsatisfiable);
    }

    #[test]
    fn what_is_not_understood_is_ignored() {
        for header in [
            "bytes=5-2",
            "bytes=a-b",
            "bytes=-",
            "bytes=+1-2",
            "bytes=1-+2",
            "bytes=0-1,5-6",
            "bytes 0-1",
            "items=0-1",
            "",
        ] {
            assert_eq!(parse_range(Some(header), 1000), Whole, "{header}");
        }
        assert_eq!(parse_range(None, 1000), Whole);
    }
}
