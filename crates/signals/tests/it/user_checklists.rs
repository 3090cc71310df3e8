//! Checklist items the user made are tracked like the shipped ones: an item added to a
//! meeting type's checklist, and one of the relationship's own checklist.

use onno_signals::Signal;
use onno_store::{MeetingType, NewChecklistItem};

use crate::{meeting, say, signals, test_store};

fn item(text: &str, keywords: &[&str]) -> NewChecklistItem {
    NewChecklistItem {
        text: text.into(),
        keywords: keywords.iter().map(|k| (*k).to_owned()).collect(),
    }
}

/// The item ids the signals say a sentence covered.
fn covered(found: &[Signal]) -> Vec<i64> {
    found
        .iter()
        .filter_map(|s| match s {
            Signal::ChecklistCovered { item_id, .. } => Some(*item_id),
            _ => None,
        })
        .collect()
}

#[test]
fn an_item_the_user_added_to_the_meeting_type_is_covered_by_its_keyword() {
    let store = test_store();
    let screening = store
        .checklists(Some(MeetingType::InvestmentScreening))
        .unwrap()
        .remove(0);
    let added = store
        .add_checklist_item(
            screening.id,
            &item("Data room access", &["데이터룸", "data room"]),
        )
        .unwrap();
    let (meeting_id, _) = meeting(&store, Some(("B2B SaaS", "Series A")));
    let mut live = signals(&store, meeting_id);
    let progress = live.checklist();
    assert_eq!(progress.last().unwrap().item_id, added.id);
    assert_eq!(progress.last().unwrap().covered_by, None);

    let nothing = live.on_segment(&say(&store, meeting_id, 0, "오늘 날씨가 좋네요."));
    assert!(!covered(&nothing).contains(&added.id), "{nothing:?}");
    let seg = say(
        &store,
        meeting_id,
        5_000,
        "데이터룸은 다음 주에 열어 드릴게요.",
    );
    let found = live.on_segment(&seg);
    assert!(covered(&found).contains(&added.id), "{found:?}");
    let progress = live.checklist();
    assert_eq!(progress.last().unwrap().covered_by, Some(seg.id));
}

#[test]
fn the_relationships_own_checklist_follows_the_meeting_types() {
    let store = test_store();
    let (meeting_id, relationship_id) = meeting(&store, Some(("B2B SaaS", "Series A")));
    let own = store
        .add_relationship_checklist_item(
            relationship_id.unwrap(),
            &item("특허 현황", &["특허", "patent"]),
        )
        .unwrap();
    let shipped = store
        .checklists(Some(MeetingType::InvestmentScreening))
        .unwrap()
        .remove(0)
        .items
        .len();

    let mut live = signals(&store, meeting_id);
    let progress = live.checklist();
    assert_eq!(progress.len(), shipped + 1);
    assert_eq!(progress[shipped].item_id, own.id);
    let found = live.on_segment(&say(
        &store,
        meeting_id,
        0,
        "We filed two patents last spring.",
    ));
    assert!(covered(&found).contains(&own.id), "{found:?}");

    // A meeting without the relationship does not track it.
    let (other, _) = meeting(&store, None);
    assert!(
        signals(&store, other)
            .checklist()
            .iter()
            .all(|p| p.item_id != own.id)
    );
}
