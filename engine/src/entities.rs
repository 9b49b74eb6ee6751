//! The entity stage's selection over one article's dictionary matches (streams/extract/entities.py
//! is the stage around it): the entity matches chosen leftmost, longest, then by kind priority; a
//! country that is also a capital's name read as the city where the text says so; the countries
//! the article names; the gazetteer entry chosen for each place name; where the Arabic verbs that
//! take their object with «ب» end; and every match in start order, grouped by kind.
//!
//! The tables (kind priorities, the actors' countries, the places' countries, populations and
//! capitals, which triggers take an object with «ب», the words that say "the capital") are data
//! that Python hands over once.

use std::collections::{HashMap, HashSet};

use crate::chars;

/// The kinds the rules here tell apart (any other kind is `Other`).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Kind {
    Country,
    Cadj,
    People,
    Actor,
    Place,
    Region,
    Trigger,
    Other,
}

impl Kind {
    pub fn of(name: &str) -> Kind {
        match name {
            "country" => Kind::Country,
            "cadj" => Kind::Cadj,
            "people" => Kind::People,
            "actor" => Kind::Actor,
            "place" => Kind::Place,
            "region" => Kind::Region,
            "trigger" => Kind::Trigger,
            _ => Kind::Other,
        }
    }

    /// A country named by its name, adjective or people (the entry's reference is its code).
    pub fn names_country(self) -> bool {
        matches!(self, Kind::Country | Kind::Cadj | Kind::People)
    }

    /// The entry's reference is an index into a table (actors, places, triggers).
    pub fn indexed(self) -> bool {
        matches!(self, Kind::Actor | Kind::Place | Kind::Region | Kind::Trigger)
    }
}

pub struct Place {
    pub country: Option<String>,
    pub population: i64,
    pub capital_of: Option<String>,
    /// Its name lowercased (by Python): an ASCII key equal to it is the place's own English name.
    pub lower_name: String,
}

pub struct Tables {
    /// Entity kinds, highest priority first (entities.py ENTITY_KINDS).
    pub priorities: Vec<String>,
    pub actor_countries: Vec<Option<String>>,
    pub places: Vec<Place>,
    /// Per trigger entry: its CAMEO root takes its object with «ب» (root_groups.json object_with_bi).
    pub object_with_bi: Vec<bool>,
    /// Words next to a name that say it is the capital («العاصمه», "capital").
    pub capital_words: Vec<Vec<u32>>,
    /// Added to the score of a place whose own English name the key is («Salisbury» is not Harare).
    pub own_name_bonus: f64,
}

/// One match as the rules here read it.
pub struct Hit {
    pub kind: Kind,
    /// Kind name index (into the article's distinct kind names) and priority, when an entity kind.
    pub kind_name: usize,
    pub priority: Option<usize>,
    pub start: usize,
    pub end: usize,
    pub word_start: usize,
    /// For an indexed kind: its table index; else 0.
    pub index: usize,
    /// For a country kind: its code.
    pub code: String,
    /// For a place or region: its key's index among the article's distinct keys.
    pub key: usize,
    /// For a trigger: an Arabic entry.
    pub arabic: bool,
}

pub struct Selection {
    /// Indices of the entity matches (a capital's place match where it replaced the country).
    pub entities: Vec<usize>,
    pub article_countries: Vec<String>,
    /// (key index, place index), keys in order of first appearance.
    pub place_choice: Vec<(usize, usize)>,
    pub trigger_ends: Vec<usize>,
    /// All matches by start (stable).
    pub order: Vec<usize>,
    /// (kind name index, indices by start) for each kind, kinds in name order.
    pub groups: Vec<(usize, Vec<usize>)>,
}

#[derive(Debug)]
pub enum Error {
    Index(&'static str, usize),
}

fn is_space(c: u32) -> bool {
    chars::has(c, chars::SPACE)
}

/// The whitespace-delimited word that ends before `pos`, spaces skipped (context.py `previous_word`).
pub fn previous_word(text: &[u32], pos: usize) -> &[u32] {
    let mut i = pos.min(text.len());
    while i > 0 && text[i - 1] == ' ' as u32 {
        i -= 1;
    }
    let mut j = i;
    while j > 0 && !is_space(text[j - 1]) {
        j -= 1;
    }
    &text[j..i]
}

/// The first whitespace-separated word of text[from..from + reach] ("" when none): `split()[0]`.
fn first_word_after(text: &[u32], from: usize, reach: usize) -> &[u32] {
    let from = from.min(text.len());
    let window = &text[from..(from + reach).min(text.len())];
    let Some(a) = window.iter().position(|&c| !is_space(c)) else { return &[] };
    let b = window[a..].iter().position(|&c| is_space(c)).map_or(window.len(), |k| a + k);
    &window[a..b]
}

/// Where the run of Arabic letters continuing at `pos` ends (context.py `arabic_word_end`).
pub fn arabic_word_end(text: &[u32], pos: usize) -> usize {
    let mut pos = pos;
    while pos < text.len() && (0x0621..=0x064a).contains(&text[pos]) {
        pos += 1;
    }
    pos
}

impl Tables {
    fn place(&self, index: usize) -> Result<&Place, Error> {
        self.places.get(index).ok_or(Error::Index("place", index))
    }

    fn actor_country(&self, index: usize) -> Result<Option<&str>, Error> {
        self.actor_countries.get(index).map(|c| c.as_deref()).ok_or(Error::Index("actor", index))
    }

    /// entities.py `_place_score`, term by term in its order.
    fn place_score(&self, place: &Place, article_countries: &HashSet<&str>) -> f64 {
        (place.population.max(1) as f64).ln()
            + if place.country.as_deref().is_some_and(|c| article_countries.contains(c)) { 5.0 } else { 0.0 }
            + if place.capital_of.as_deref().is_some_and(|c| !c.is_empty()) { 3.0 } else { 0.0 }
            + if place.population >= 150_000 { 2.0 } else { 0.0 }
    }

    pub fn select(&self, text: &[u32], hits: &[Hit], kind_names: &[String], keys: &[String]) -> Result<Selection, Error> {
        // Leftmost, then longest, then by kind priority (a stable sort: scan order breaks ties).
        let mut candidates: Vec<usize> = (0..hits.len()).filter(|&i| hits[i].priority.is_some()).collect();
        candidates.sort_by_key(|&i| (hits[i].start, hits[i].start as i64 - hits[i].end as i64, hits[i].priority));
        let mut entities = Vec::new();
        let mut last_end: i64 = -1;
        for i in candidates {
            if hits[i].start as i64 >= last_end {
                entities.push(i);
                last_end = hits[i].end as i64;
            }
        }
        self.capitals_named_like_countries(text, &mut entities, hits)?;

        let mut countries: Vec<&str> = Vec::new();
        let mut seen: HashSet<&str> = HashSet::new();
        for &i in &entities {
            let h = &hits[i];
            let country = if h.kind.names_country() {
                Some(h.code.as_str())
            } else if h.kind == Kind::Actor {
                self.actor_country(h.index)?.filter(|c| c.chars().count() == 3 && *c != "IGO" && *c != "NGO")
            } else {
                None
            };
            if let Some(c) = country {
                if seen.insert(c) {
                    countries.push(c);
                }
            }
        }

        // Several gazetteer entries can share a name: the first of the best scored.
        let mut by_key: Vec<(usize, Vec<usize>)> = Vec::new();
        let mut slot_of: HashMap<usize, usize> = HashMap::new();
        for h in hits {
            if matches!(h.kind, Kind::Place | Kind::Region) {
                let slot = *slot_of.entry(h.key).or_insert_with(|| {
                    by_key.push((h.key, Vec::new()));
                    by_key.len() - 1
                });
                let refs = &mut by_key[slot].1;
                if !refs.contains(&h.index) {
                    refs.push(h.index);
                }
            }
        }
        let mut place_choice = Vec::with_capacity(by_key.len());
        for (key, refs) in &by_key {
            let name = keys[*key].as_str();
            let ascii = name.is_ascii();
            let score_of = |r: usize| -> Result<f64, Error> {
                let place = self.place(r)?;
                let own = ascii && place.lower_name == name;
                Ok(self.place_score(place, &seen) + if own { self.own_name_bonus } else { 0.0 })
            };
            let mut best = refs[0];
            let mut best_score = score_of(best)?;
            for &r in &refs[1..] {
                let score = score_of(r)?;
                if score > best_score {
                    best = r;
                    best_score = score;
                }
            }
            place_choice.push((*key, best));
        }

        let mut trigger_ends = Vec::new();
        for h in hits {
            if h.kind == Kind::Trigger && h.arabic {
                let takes_bi = *self.object_with_bi.get(h.index).ok_or(Error::Index("trigger", h.index))?;
                if takes_bi {
                    let end = arabic_word_end(text, h.end);
                    if !trigger_ends.contains(&end) {
                        trigger_ends.push(end);
                    }
                }
            }
        }

        let mut order: Vec<usize> = (0..hits.len()).collect();
        order.sort_by_key(|&i| hits[i].start);
        let mut by_kind = order.clone();
        by_kind.sort_by(|&a, &b| kind_names[hits[a].kind_name].cmp(&kind_names[hits[b].kind_name]));
        let mut groups: Vec<(usize, Vec<usize>)> = Vec::new();
        for i in by_kind {
            match groups.last_mut() {
                Some((k, members)) if kind_names[*k] == kind_names[hits[i].kind_name] => members.push(i),
                _ => groups.push((hits[i].kind_name, vec![i])),
            }
        }
        let article_countries = countries.into_iter().map(str::to_owned).collect();
        Ok(Selection { entities, article_countries, place_choice, trigger_ends, order, groups })
    }

    /// «عمان» is Oman or Amman, «تونس» Tunisia or Tunis: the city when a word for "the capital"
    /// stands next to the name and the name is its country's capital, or when the name is the
    /// capital of another country that the article names otherwise and its own country is named
    /// nowhere else (entities.py documents the rule).
    fn capitals_named_like_countries(&self, text: &[u32], entities: &mut [usize], hits: &[Hit]) -> Result<(), Error> {
        let mut places: HashMap<(usize, usize), usize> = HashMap::new();
        for (i, h) in hits.iter().enumerate() {
            if h.kind == Kind::Place {
                places.insert((h.start, h.end), i); // the last place match of a span
            }
        }
        let mut ambiguous: Vec<(usize, usize, &str)> = Vec::new(); // (entity position, place match, capital of)
        for (pos, &i) in entities.iter().enumerate() {
            let m = &hits[i];
            if m.kind != Kind::Country {
                continue;
            }
            let Some(&p) = places.get(&(m.start, m.end)) else { continue };
            if let Some(capital_of) = self.place(hits[p].index)?.capital_of.as_deref() {
                ambiguous.push((pos, p, capital_of));
            }
        }
        if ambiguous.is_empty() {
            return Ok(());
        }
        let mut named: HashSet<&str> = HashSet::new();
        for (pos, &i) in entities.iter().enumerate() {
            if ambiguous.iter().any(|a| a.0 == pos) {
                continue;
            }
            let m = &hits[i];
            if m.kind.names_country() {
                named.insert(m.code.as_str());
            } else if m.kind == Kind::Actor {
                named.insert(self.actor_country(m.index)?.unwrap_or(""));
            }
        }
        for &(pos, p, capital_of) in &ambiguous {
            let m = &hits[entities[pos]];
            let before = previous_word(text, m.word_start);
            let after = first_word_after(text, m.end, 20);
            let near_capital = self.capital_words.iter().any(|w| w.as_slice() == before || w.as_slice() == after);
            let code = m.code.as_str();
            if near_capital && capital_of == code {
                entities[pos] = p; // «تونس العاصمة», «العاصمة عمان»
            } else if capital_of != code && named.contains(capital_of) && !named.contains(code) {
                entities[pos] = p; // «وصل الوزير إلى عمان ... للأردن»: Amman
            }
        }
        Ok(())
    }
}
