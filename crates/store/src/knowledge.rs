//! Reference knowledge shipped with Onno and extended by the user: the glossary of
//! jargon and the metric benchmarks by industry and stage.

use rusqlite::{OptionalExtension, Row, params};
use serde::{Deserialize, Serialize};

use crate::validate::{from_json, required_text, to_json};
use crate::{Difficulty, Page, Paged, Result, Store, StoreError};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct NewGlossaryTerm {
    pub term: String,
    pub aliases: Vec<String>,
    pub definition_en: String,
    pub definition_ko: String,
    pub example: String,
    pub category: String,
    pub difficulty: Difficulty,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct GlossaryTerm {
    pub id: i64,
    #[serde(flatten)]
    pub fields: NewGlossaryTerm,
}

/// Where a metric usually sits for companies of one industry and stage.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Benchmark {
    pub metric: String,
    pub industry: String,
    pub stage: String,
    pub p25: f64,
    pub p50: f64,
    pub p75: f64,
    pub unit: String,
    pub source: String,
}

pub(crate) fn term_row(row: &Row<'_>) -> rusqlite::Result<GlossaryTerm> {
    Ok(GlossaryTerm {
        id: row.get(0)?,
        fields: NewGlossaryTerm {
            term: row.get(1)?,
            aliases: from_json(&row.get::<_, String>(2)?),
            definition_en: row.get(3)?,
            definition_ko: row.get(4)?,
            example: row.get(5)?,
            category: row.get(6)?,
            difficulty: row.get(7)?,
        },
    })
}

fn benchmark_row(row: &Row<'_>) -> rusqlite::Result<Benchmark> {
    Ok(Benchmark {
        metric: row.get(0)?,
        industry: row.get(1)?,
        stage: row.get(2)?,
        p25: row.get(3)?,
        p50: row.get(4)?,
        p75: row.get(5)?,
        unit: row.get(6)?,
        source: row.get(7)?,
    })
}

pub(crate) const TERM_COLUMNS: &str =
    "id, term, aliases, definition_en, definition_ko, example, category, difficulty";

impl Store {
    /// The whole glossary, alphabetically.
    pub fn glossary(&self, page: Page) -> Result<Paged<GlossaryTerm>> {
        self.read(|conn| {
            let total: u64 =
                conn.query_row("SELECT count(*) FROM glossary_terms", [], |r| r.get(0))?;
            let items = conn
                .prepare(&format!(
                    "SELECT {TERM_COLUMNS} FROM glossary_terms
                     ORDER BY term COLLATE NOCASE LIMIT ?1 OFFSET ?2"
                ))?
                .query_map(params![page.clamped_limit(), page.offset], term_row)?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(Paged::new(items, total, page))
        })
    }

    /// The `limit` terms added last: the user's own before the seeded ones.
    pub fn newest_glossary_terms(&self, limit: u32) -> Result<Vec<String>> {
        Ok(self
            .reader()
            .prepare("SELECT term FROM glossary_terms ORDER BY id DESC LIMIT ?1")?
            .query_map([limit], |r| r.get(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// The term whose name or one of whose aliases is `word`, ignoring case.
    pub fn glossary_lookup(&self, word: &str) -> Result<Option<GlossaryTerm>> {
        Ok(self
            .reader()
            .query_row(
                &format!(
                    "SELECT {TERM_COLUMNS} FROM glossary_terms
                     WHERE term = ?1 COLLATE NOCASE
                        OR EXISTS (SELECT 1 FROM json_each(aliases)
                                   WHERE lower(value) = lower(?1))
                     LIMIT 1"
                ),
                [word.trim()],
                term_row,
            )
            .optional()?)
    }

    /// Adds a term, or replaces the one with the same name.
    pub fn save_glossary_term(&self, term: &NewGlossaryTerm) -> Result<GlossaryTerm> {
        let name = required_text("term", &term.term, 100)?;
        let definition_en = required_text("English definition", &term.definition_en, 2_000)?;
        let definition_ko = required_text("Korean definition", &term.definition_ko, 2_000)?;
        self.write(|tx| {
            tx.execute(
                "INSERT INTO glossary_terms (term, aliases, definition_en, definition_ko,
                    example, category, difficulty) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                 ON CONFLICT (term) DO UPDATE SET aliases = excluded.aliases,
                    definition_en = excluded.definition_en,
                    definition_ko = excluded.definition_ko, example = excluded.example,
                    category = excluded.category, difficulty = excluded.difficulty",
                params![
                    name,
                    to_json(&term.aliases),
                    definition_en,
                    definition_ko,
                    term.example.trim(),
                    term.category.trim(),
                    term.difficulty
                ],
            )?;
            Ok(())
        })?;
        self.glossary_lookup(&name)?.ok_or(StoreError::NotFound {
            entity: "glossary term",
            id: 0,
        })
    }

    /// The benchmark for a metric at an industry and stage, if one is known.
    pub fn benchmark(
        &self,
        metric: &str,
        industry: &str,
        stage: &str,
    ) -> Result<Option<Benchmark>> {
        Ok(self
            .reader()
            .query_row(
                "SELECT metric, industry, stage, p25, p50, p75, unit, source FROM benchmarks
                 WHERE metric = ?1 AND industry = ?2 AND stage = ?3",
                params![metric, industry, stage],
                benchmark_row,
            )
            .optional()?)
    }

    pub fn benchmarks(&self) -> Result<Vec<Benchmark>> {
        Ok(self
            .reader()
            .prepare(
                "SELECT metric, industry, stage, p25, p50, p75, unit, source FROM benchmarks
                 ORDER BY metric, industry, stage",
            )?
            .query_map([], benchmark_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// Adds a benchmark, or replaces the one for the same metric, industry and stage.
    pub fn save_benchmark(&self, b: &Benchmark) -> Result<()> {
        let metric = required_text("metric", &b.metric, 100)?;
        let industry = required_text("industry", &b.industry, 100)?;
        let stage = required_text("stage", &b.stage, 100)?;
        if !(b.p25 <= b.p50 && b.p50 <= b.p75) {
            return Err(StoreError::invalid(
                "benchmark",
                format!(
                    "percentiles must rise: p25 {} p50 {} p75 {}",
                    b.p25, b.p50, b.p75
                ),
            ));
        }
        self.write(|tx| {
            tx.execute(
                "INSERT INTO benchmarks (metric, industry, stage, p25, p50, p75, unit, source)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
                 ON CONFLICT (metric, industry, stage) DO UPDATE SET p25 = excluded.p25,
                    p50 = excluded.p50, p75 = excluded.p75, unit = excluded.unit,
                    source = excluded.source",
                params![
                    metric, industry, stage, b.p25, b.p50, b.p75, b.unit, b.source
                ],
            )?;
            Ok(())
        })
    }
}
