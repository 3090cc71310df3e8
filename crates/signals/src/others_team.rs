//! A team that is not the company's own.
//!
//! "Team" names the head count in "we're a team of 28", but in a sales call the
//! prospect says "too expensive for a team of 25", and a founder says "our customers'
//! teams range from 40 to 300 engineers". Those sizes are somebody else's, or a size
//! supposed for a price; recorded as head count they would be false facts about the
//! company. The company's head count is one number, so plural "teams" never names it,
//! and a team sized "for" a price or owned by a customer is not the company's.

use crate::text::{Class, NChar};

/// Words that, as a possessive before "team", make it another party's.
const OTHER_OWNERS: &[&str] = &[
    "customer",
    "customers",
    "client",
    "clients",
    "prospect",
    "prospects",
    "buyer",
    "buyers",
    "user",
    "users",
];

/// Whether the name of a team at normalised characters `first..last` is about a team
/// other than the company's own.
pub(crate) fn names_another_team(t: &[NChar], first: usize, last: usize) -> bool {
    let name: String = t[first..last].iter().map(|c| c.c).collect();
    if !name.starts_with("team") {
        return false;
    }
    if name.starts_with("teams") {
        return true;
    }
    let before = words_before(t, first, 3);
    let owned_by_other = before
        .iter()
        .any(|w| possessive_of(w).is_some_and(|owner| OTHER_OWNERS.contains(&owner)));
    // "for a team of 25", "cheap for a team": a size supposed for a price.
    let sized_for = match before.as_slice() {
        [.., preposition, article] => {
            preposition == "for" && matches!(article.as_str(), "a" | "the")
        }
        _ => false,
    };
    owned_by_other || sized_for
}

/// The owner in "customers'" / "customer's" / "client’s".
fn possessive_of(word: &str) -> Option<&str> {
    word.strip_suffix("'s")
        .or_else(|| word.strip_suffix("’s"))
        .or_else(|| word.strip_suffix('\''))
        .or_else(|| word.strip_suffix('’'))
}

/// Up to `n` words ending before character `at`, nearest last; apostrophes stay in a
/// word, other punctuation ends the search (a clause before it says nothing here).
fn words_before(t: &[NChar], at: usize, n: usize) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    let mut current = String::new();
    for ch in t[..at].iter().rev() {
        match ch.class {
            Class::Latin | Class::Digit => current.insert(0, ch.c),
            Class::Other if matches!(ch.c, '\'' | '’') => current.insert(0, ch.c),
            Class::Space => {
                if !current.is_empty() {
                    words.push(std::mem::take(&mut current));
                    if words.len() == n {
                        break;
                    }
                }
            }
            _ => break,
        }
    }
    if !current.is_empty() && words.len() < n {
        words.push(current);
    }
    words.reverse();
    words
}
