//! The IPC command names, shared with build.rs (which declares them to the ACL) and
//! checked by tests against the generated bindings and the capability file.

pub const ALL: &[&str] = &[
    "startup_status",
    "start_fresh",
    "get_profile",
    "update_profile",
    "list_meetings",
    "get_meeting",
    "list_segments",
    "list_relationships",
    "get_relationship",
    "create_relationship",
    "update_relationship",
    "search",
    "list_audio_devices",
    "start_meeting",
    "stop_meeting",
    "retranscribe_meeting",
    "get_llm_settings",
    "save_llm_settings",
    "get_insights",
    "mark_question",
    "review_action_item",
    "set_meeting_llm",
    "analyze",
];
