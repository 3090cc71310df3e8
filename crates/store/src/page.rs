use serde::{Deserialize, Serialize};

/// Which slice of a list to return. `limit` is capped at [`Page::MAX_LIMIT`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Page {
    pub limit: u32,
    pub offset: u32,
}

impl Page {
    pub const MAX_LIMIT: u32 = 500;

    pub fn new(limit: u32, offset: u32) -> Self {
        Page { limit, offset }
    }

    pub(crate) fn clamped_limit(self) -> u32 {
        self.limit.clamp(1, Self::MAX_LIMIT)
    }
}

impl Default for Page {
    fn default() -> Self {
        Page {
            limit: 50,
            offset: 0,
        }
    }
}

/// One page of a list, with the size of the whole list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Paged<T> {
    pub items: Vec<T>,
    pub total: u64,
    pub has_more: bool,
}

impl<T> Paged<T> {
    pub(crate) fn new(items: Vec<T>, total: u64, page: Page) -> Self {
        let has_more = u64::from(page.offset) + (items.len() as u64) < total;
        Paged {
            items,
            total,
            has_more,
        }
    }
}
