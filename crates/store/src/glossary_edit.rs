//! The user's glossary: terms added, edited, deleted and searched. The shipped terms are
//! rows like any other, so they are edited the same way.

use rusqlite::{OptionalExtension, Transaction, params};

use crate::audit;
use crate::knowledge::{TERM_COLUMNS, term_row};
use crate::validate::{bounded_text, required_text, to_json};
use crate::{GlossaryTerm, NewGlossaryTerm, Page, Paged, Result, Store, StoreError};

const ALIAS_MAX_CHARS: usize = 100;
const ALIASES_MAX: usize = 30;

/// A term as stored: text trimmed, blank aliases and ones repeating the term or each
/// other (ignoring case) dropped, a blank category "general".
fn valid_term(term: &NewGlossaryTerm) -> Result<NewGlossaryTerm> {
    let name = required_text("term", &term.term, 100)?;
    let mut aliases: Vec<String> = Vec::new();
    for alias in term.aliases.iter().map(|a| a.trim()) {
        let seen = |a: &String| a.to_lowercase() == alias.to_lowercase();
        if alias.is_empty()
            || name.to_lowercase() == alias.to_lowercase()
            || aliases.iter().any(seen)
        {
            continue;
        }
        aliases.push(bounded_text("alias", alias, ALIAS_MAX_CHARS)?);
    }
    if aliases.len() > ALIASES_MAX {
        return Err(StoreError::invalid(
            "aliases",
            format!(
                "a term has {} aliases; the limit is {ALIASES_MAX}",
                aliases.len()
            ),
        ));
    }
    let category = bounded_text("category", term.category.trim(), 50)?;
    Ok(NewGlossaryTerm {
        term: name,
        aliases,
        definition_en: required_text("English definition", &term.definition_en, 2_000)?,
        definition_ko: required_text("Korean definition", &term.definition_ko, 2_000)?,
        example: bounded_text("example", term.example.trim(), 2_000)?,
        category: if category.is_empty() {
            "general".to_owned()
        } else {
            category
        },
        difficulty: term.difficulty,
    })
}

/// Refuses a name another term (not `except`) already has.
fn name_is_free(tx: &Transaction<'_>, name: &str, except: Option<i64>) -> Result<()> {
    let taken: Option<i64> = tx
        .query_row(
            "SELECT id FROM glossary_terms WHERE term = ?1 COLLATE NOCASE
               AND (?2 IS NULL OR id <> ?2)",
            params![name, except],
            |r| r.get(0),
        )
        .optional()?;
    match taken {
        Some(_) => Err(StoreError::invalid(
            "term",
            format!("\"{name}\" is already in the glossary"),
        )),
        None => Ok(()),
    }
}

fn read_term(conn: &rusqlite::Connection, id: i64) -> Result<GlossaryTerm> {
    conn.query_row(
        &format!("SELECT {TERM_COLUMNS} FROM glossary_terms WHERE id = ?1"),
        [id],
        term_row,
    )
    .optional()?
    .ok_or(StoreError::NotFound {
        entity: "glossary term",
        id,
    })
}

/// Sets every field of row `id` to a valid `term`; returns the row.
fn write_fields(tx: &Transaction<'_>, id: i64, term: &NewGlossaryTerm) -> Result<GlossaryTerm> {
    tx.execute(
        "UPDATE glossary_terms SET term = ?2, aliases = ?3, definition_en = ?4,
            definition_ko = ?5, example = ?6, category = ?7, difficulty = ?8
         WHERE id = ?1",
        params![
            id,
            term.term,
            to_json(&term.aliases),
            term.definition_en,
            term.definition_ko,
            term.example,
            term.category,
            term.difficulty
        ],
    )?;
    read_term(tx, id)
}

/// `text` for a LIKE pattern that matches it literally.
fn like_escaped(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

impl Store {
    pub fn glossary_term(&self, id: i64) -> Result<GlossaryTerm> {
        read_term(&self.reader(), id)
    }

    /// Adds a term; a name already in the glossary is refused.
    pub fn add_glossary_term(&self, term: &NewGlossaryTerm) -> Result<GlossaryTerm> {
        let term = valid_term(term)?;
        self.write(|tx| {
            name_is_free(tx, &term.term, None)?;
            // A placeholder row, filled in by the same statement an edit uses.
            tx.execute(
                "INSERT INTO glossary_terms (term, definition_en, definition_ko)
                 VALUES (?1, '', '')",
                [&term.term],
            )?;
            write_fields(tx, tx.last_insert_rowid(), &term)
        })
    }

    /// Replaces every field of term `id`, its name included.
    pub fn edit_glossary_term(&self, id: i64, term: &NewGlossaryTerm) -> Result<GlossaryTerm> {
        let term = valid_term(term)?;
        self.write(|tx| {
            read_term(tx, id)?;
            name_is_free(tx, &term.term, Some(id))?;
            write_fields(tx, id, &term)
        })
    }

    pub fn delete_glossary_term(&self, id: i64) -> Result<()> {
        self.write(|tx| {
            read_term(tx, id)?;
            tx.execute("DELETE FROM glossary_terms WHERE id = ?1", [id])?;
            audit::record(
                tx,
                "delete",
                &format!("glossary_term/{id}"),
                &serde_json::json!({}),
            )
        })
    }

    /// The terms whose name, aliases, definitions or category contain `query`
    /// (ignoring case for English), alphabetically; a blank query finds every term.
    pub fn search_glossary(&self, query: &str, page: Page) -> Result<Paged<GlossaryTerm>> {
        let pattern = format!("%{}%", like_escaped(query.trim()));
        let filter = "term LIKE ?1 ESCAPE '\\' OR aliases LIKE ?1 ESCAPE '\\'
            OR definition_en LIKE ?1 ESCAPE '\\' OR definition_ko LIKE ?1 ESCAPE '\\'
            OR category LIKE ?1 ESCAPE '\\'";
        self.read(|conn| {
            let total: u64 = conn.query_row(
                &format!("SELECT count(*) FROM glossary_terms WHERE {filter}"),
                [&pattern],
                |r| r.get(0),
            )?;
            let items = conn
                .prepare(&format!(
                    "SELECT {TERM_COLUMNS} FROM glossary_terms WHERE {filter}
                     ORDER BY term COLLATE NOCASE LIMIT ?2 OFFSET ?3"
                ))?
                .query_map(
                    params![pattern, page.clamped_limit(), page.offset],
                    term_row,
                )?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(Paged::new(items, total, page))
        })
    }
}
