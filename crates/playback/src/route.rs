//! The server's one kind of URL path: `/<token>/meetings/<id>/<mix|me|them>`.

use std::fmt;

use subtle::ConstantTimeEq;

/// Which of a meeting's recordings a URL plays.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Track {
    /// Both sides of the call, summed.
    Mix,
    /// The microphone.
    Me,
    /// The system audio: the other people on the call.
    Them,
}

impl Track {
    /// The tracks a meeting's page offers, in the order shown, of those `playable` says
    /// its recordings can play. A mix of one side is that side, so a mix is offered only
    /// when both sides are.
    pub fn offered(playable: impl Fn(Track) -> bool) -> Vec<Track> {
        let available: Vec<Track> = [Track::Mix, Track::Them, Track::Me]
            .into_iter()
            .filter(|&track| playable(track))
            .collect();
        let both = available.contains(&Track::Me) && available.contains(&Track::Them);
        available
            .into_iter()
            .filter(|&track| track != Track::Mix || both)
            .collect()
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Mix => "mix",
            Self::Me => "me",
            Self::Them => "them",
        }
    }

    fn from_segment(s: &str) -> Option<Self> {
        match s {
            "mix" => Some(Self::Mix),
            "me" => Some(Self::Me),
            "them" => Some(Self::Them),
            _ => None,
        }
    }
}

impl fmt::Display for Track {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A path that names a meeting's track, with the right token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Route {
    pub meeting_id: i64,
    pub track: Track,
}

/// Why a path names nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RouteError {
    /// A wrong token or a path of another shape: nothing is said about which.
    NotFound,
    /// The right shape with a meeting id that is not a number.
    BadMeetingId,
}

/// Reads `path` (without its query). The token is compared in constant time, so its
/// bytes cannot be guessed one at a time from how long a refusal takes.
pub fn parse_route(path: &str, token: &str) -> Result<Route, RouteError> {
    let mut segments = path.strip_prefix('/').unwrap_or(path).split('/');
    let given = segments.next().unwrap_or_default();
    if !bool::from(given.as_bytes().ct_eq(token.as_bytes())) {
        return Err(RouteError::NotFound);
    }
    let (Some("meetings"), Some(id), Some(track), None) = (
        segments.next(),
        segments.next(),
        segments.next(),
        segments.next(),
    ) else {
        return Err(RouteError::NotFound);
    };
    let track = Track::from_segment(track).ok_or(RouteError::NotFound)?;
    let meeting_id = id.parse().map_err(|_| RouteError::BadMeetingId)?;
    Ok(Route { meeting_id, track })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mix_is_offered_only_with_both_sides() {
        assert_eq!(
            Track::offered(|_| true),
            [Track::Mix, Track::Them, Track::Me]
        );
        assert_eq!(Track::offered(|t| t != Track::Them), [Track::Me]);
        assert!(Track::offered(|_| false).is_empty());
    }

    const TOKEN: &str = "0123456789abcdef0123456789abcdef";

    #[test]
    fn a_track_of_a_meeting() {
        let route = parse_route(&format!("/{TOKEN}/meetings/42/them"), TOKEN).unwrap();
        assert_eq!(
            route,
            Route {
                meeting_id: 42,
                track: Track::Them
            }
        );
    }

    #[test]
    fn anything_else_is_not_found() {
        for path in [
            "/".to_string(),
            "/meetings/42/mix".to_string(),
            format!("/{}/meetings/42/mix", &TOKEN[1..]),
            format!("/{TOKEN}x/meetings/42/mix"),
            format!("/{}/meetings/42/mix", TOKEN.to_uppercase()),
            format!("/{TOKEN}/meetings/42/both"),
            format!("/{TOKEN}/meetings/42/mix/"),
            format!("/{TOKEN}/meeting/42/mix"),
            format!("/{TOKEN}/meetings/42"),
        ] {
            assert_eq!(
                parse_route(&path, TOKEN),
                Err(RouteError::NotFound),
                "{path}"
            );
        }
        assert_eq!(
            parse_route(&format!("/{TOKEN}/meetings/x/mix"), TOKEN),
            Err(RouteError::BadMeetingId)
        );
    }
}
