use rusqlite::params;
use serde::{Deserialize, Serialize};

use crate::clock::now_timestamp;
use crate::validate::{bounded_text, from_json, required_text, to_json};
use crate::{Locale, Result, Store, StoreError};

/// A field of expertise and how deep it goes, 1 (aware) to 5 (expert).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct DomainLevel {
    pub domain: String,
    pub level: u8,
}

/// The desktop user. There is exactly one; it always exists.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Profile {
    pub name: String,
    pub title: String,
    pub company: String,
    pub locale: Locale,
    /// An IANA zone name, "Asia/Seoul" by default.
    pub timezone: String,
    pub domains: Vec<DomainLevel>,
    pub updated_at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ProfileUpdate {
    pub name: String,
    pub title: String,
    pub company: String,
    pub locale: Locale,
    pub timezone: String,
    pub domains: Vec<DomainLevel>,
}

impl From<Profile> for ProfileUpdate {
    fn from(p: Profile) -> Self {
        ProfileUpdate {
            name: p.name,
            title: p.title,
            company: p.company,
            locale: p.locale,
            timezone: p.timezone,
            domains: p.domains,
        }
    }
}

impl Store {
    pub fn profile(&self) -> Result<Profile> {
        Ok(self.reader().query_row(
            "SELECT name, title, company, locale, timezone, domains, updated_at
             FROM profile WHERE id = 1",
            [],
            |row| {
                Ok(Profile {
                    name: row.get(0)?,
                    title: row.get(1)?,
                    company: row.get(2)?,
                    locale: row.get(3)?,
                    timezone: row.get(4)?,
                    domains: from_json(&row.get::<_, String>(5)?),
                    updated_at: row.get(6)?,
                })
            },
        )?)
    }

    pub fn update_profile(&self, update: &ProfileUpdate) -> Result<Profile> {
        for d in &update.domains {
            required_text("domain", &d.domain, 100)?;
            if !(1..=5).contains(&d.level) {
                return Err(StoreError::invalid(
                    "domain level",
                    format!("{} for {:?} is outside 1..5", d.level, d.domain),
                ));
            }
        }
        let timezone = required_text("timezone", &update.timezone, 64)?;
        if !timezone
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "/_+-".contains(c))
        {
            return Err(StoreError::invalid(
                "timezone",
                format!("{timezone:?} is not a time zone name like Asia/Seoul"),
            ));
        }
        self.write(|tx| {
            tx.execute(
                "UPDATE profile SET name = ?1, title = ?2, company = ?3, locale = ?4,
                    timezone = ?5, domains = ?6, updated_at = ?7 WHERE id = 1",
                params![
                    bounded_text("name", update.name.trim(), 200)?,
                    bounded_text("title", update.title.trim(), 200)?,
                    bounded_text("company", update.company.trim(), 200)?,
                    update.locale,
                    timezone,
                    to_json(&update.domains),
                    now_timestamp()
                ],
            )?;
            Ok(())
        })?;
        self.profile()
    }
}
