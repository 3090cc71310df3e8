//! The names the user gives a whole side of the call, kept on the meeting rather than on
//! each line (see the module above).

use rusqlite::{Connection, OptionalExtension, params};

use crate::validate::required_text;
use crate::{Result, SegmentSource};

use super::{SPEAKER_MAX, SideSpeaker};

pub(super) fn side_name(
    conn: &Connection,
    meeting_id: i64,
    side: SegmentSource,
) -> Result<Option<String>> {
    Ok(conn
        .query_row(
            "SELECT name FROM meeting_speakers WHERE meeting_id = ?1 AND source = ?2",
            params![meeting_id, side],
            |r| r.get(0),
        )
        .optional()?)
}

pub(super) fn set_side_name(
    conn: &Connection,
    meeting_id: i64,
    side: SegmentSource,
    name: Option<&str>,
) -> Result<()> {
    match name {
        Some(name) => conn.execute(
            "INSERT INTO meeting_speakers (meeting_id, source, name) VALUES (?1, ?2, ?3)
             ON CONFLICT (meeting_id, source) DO UPDATE SET name = excluded.name",
            params![meeting_id, side, name],
        )?,
        None => conn.execute(
            "DELETE FROM meeting_speakers WHERE meeting_id = ?1 AND source = ?2",
            params![meeting_id, side],
        )?,
    };
    Ok(())
}

pub(super) fn side_speakers_in(conn: &Connection, meeting_id: i64) -> Result<Vec<SideSpeaker>> {
    Ok(conn
        .prepare(
            "SELECT source, name FROM meeting_speakers WHERE meeting_id = ?1
             ORDER BY source = 'them', source",
        )?
        .query_map([meeting_id], |r| {
            Ok(SideSpeaker {
                source: r.get(0)?,
                name: r.get(1)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?)
}

pub(super) fn speaker_name(name: Option<&str>) -> Result<Option<String>> {
    name.map(|n| required_text("speaker", n, SPEAKER_MAX))
        .transpose()
}
