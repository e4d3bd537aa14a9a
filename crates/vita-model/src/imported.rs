//! Checking a CV that an importer made: what the model cannot hold is left
//! out with a warning, so that an import always gives a CV `vita check`
//! accepts (unless it has no name at all).
//!
//! Each error of the model's check names a path. The value there is taken
//! out when the model lets the field be absent; when it does not (an entry's
//! title), the entry holding it is taken out; when neither can be (the
//! person's name), the error stays. Every removal is a warning carrying the
//! check's own message, at the path the importer maps to its file's terms.

use serde_json::Value;

use crate::{Checked, Cv, Diagnostic, SpanIndex};

/// How many rounds of removal an import gets before the remaining errors stand.
const ROUNDS: usize = 16;

/// Validates an imported CV, leaving out what fails the check (see the module docs).
pub fn check_imported(cv: Cv, index: &SpanIndex) -> Checked {
    let mut cv = cv;
    let mut removed: Vec<Diagnostic> = Vec::new();
    // Paths whose value cannot go (a required field outside any entry).
    let mut stuck: Vec<String> = Vec::new();
    'rounds: for _ in 0..ROUNDS {
        let errors: Vec<Diagnostic> = crate::validate::validate(&cv, &SpanIndex::default())
            .into_iter()
            .filter(|d| d.is_error() && !stuck.iter().any(|s| d.path.starts_with(s.as_str())))
            .collect();
        if errors.is_empty() {
            break;
        }
        let Ok(original) = serde_json::to_value(&cv) else { break };
        // Later paths first, so that taking out an array element leaves the
        // indices of earlier errors as they were.
        let mut paths: Vec<&Diagnostic> = errors.iter().collect();
        paths.sort_by_key(|d| std::cmp::Reverse(order(&d.path)));
        for _ in 0..ROUNDS {
            let mut value = original.clone();
            let mut round: Vec<Diagnostic> = Vec::new();
            for e in &paths {
                if stuck.iter().any(|s| e.path.starts_with(s.as_str())) {
                    continue;
                }
                if removed.iter().any(|d| d.path == e.path) {
                    // Taken out before and back (a field with a default):
                    // the entry goes, or the error stands.
                    match enclosing_element(&e.path) {
                        Some(entry) if take_out(&mut value, &entry) => round.push(whole_entry(&left_out(e, &e.path), &entry)),
                        _ => stuck.push(e.path.clone()),
                    }
                    continue;
                }
                if take_out(&mut value, &e.path) {
                    round.push(left_out(e, &e.path));
                }
            }
            if round.is_empty() {
                break 'rounds;
            }
            // A required field taken out: the entry holding it goes instead.
            for _ in 0..ROUNDS {
                match serde_path_to_error::deserialize::<_, Cv>(&value) {
                    Ok(c) => {
                        cv = c;
                        round.dedup_by(|a, b| a.path == b.path && a.message == b.message);
                        removed.extend(round);
                        continue 'rounds;
                    }
                    Err(e) => {
                        let path = without_variants(&crate::user_path(e.path()));
                        match enclosing_element(&path) {
                            Some(entry) if take_out(&mut value, &entry) => {
                                for d in &mut round {
                                    if d.path.starts_with(&entry) && !d.message.ends_with("the entry is left out") {
                                        *d = whole_entry(d, &entry);
                                    }
                                }
                            }
                            _ => {
                                // Nothing holds it: those errors stand; try again without them.
                                stuck.push(path);
                                break;
                            }
                        }
                    }
                }
            }
        }
        break;
    }
    // A section all of whose entries were left out goes too.
    let mut gone = Vec::new();
    if !removed.is_empty() {
        let mut i = 0;
        cv.sections.retain(|s| {
            let empty = entries_of(s) == Some(0) && removed.iter().any(|d| d.path.starts_with(&format!("sections[{i}].")));
            if empty {
                gone.push((i, s.title().to_string()));
            }
            i += 1;
            !empty
        });
    }
    for (i, title) in gone {
        removed.push(Diagnostic::warning(
            format!("sections[{i}]"),
            format!("the section `{title}` is left out: none of its entries could be read"),
        ));
    }
    let mut checked = crate::check(cv, index);
    for d in &mut removed {
        d.pos = d.pos.or_else(|| index.find(&d.path));
    }
    checked.diagnostics.extend(removed);
    checked.diagnostics.sort_by_key(|d| d.pos.map(|p| (p.line, p.col)).unwrap_or((usize::MAX, 0)));
    checked
}

/// `sections[0].Custom.entries[1]` → `sections[0].entries[1]`.
fn without_variants(path: &str) -> String {
    path.split('.').filter(|s| !s.starts_with(|c: char| c.is_ascii_uppercase())).collect::<Vec<_>>().join(".")
}

/// How many entries a list section has (`None` for a text or a group).
fn entries_of(s: &crate::Section) -> Option<usize> {
    use crate::Section as S;
    Some(match s {
        S::Positions(l) => l.entries.len(),
        S::Education(l) => l.entries.len(),
        S::Publications(l) => l.entries.len(),
        S::Teaching(l) => l.entries.len(),
        S::Mentoring(l) => l.entries.len(),
        S::Service(l) => l.entries.len(),
        S::Awards(l) => l.entries.len(),
        S::Talks(l) => l.entries.len(),
        S::Grants(l) => l.entries.len(),
        S::Skills(l) => l.entries.len(),
        S::Languages(l) => l.entries.len(),
        S::Certificates(l) => l.entries.len(),
        S::Custom(l) => l.entries.len(),
        S::Research(_) | S::Text(_) | S::Group(_) => return None,
    })
}

/// An error whose entry goes whole: said at the field, in the importer's terms.
fn whole_entry(d: &Diagnostic, _entry: &str) -> Diagnostic {
    let message = d.message.strip_suffix("; it is left out").unwrap_or(&d.message);
    let mut w = Diagnostic::warning(d.path.clone(), format!("{message}; the entry is left out"));
    w.hint = d.hint.clone();
    w
}

fn left_out(e: &Diagnostic, at: &str) -> Diagnostic {
    let mut w = Diagnostic::warning(at.to_string(), format!("{}; it is left out", e.message));
    w.hint = e.hint.clone();
    w
}

/// A path's segments with array indices as numbers, for ordering.
fn order(path: &str) -> Vec<(String, usize)> {
    segments(path).into_iter().map(|(k, i)| (k.to_string(), i.map_or(0, |i| i + 1))).collect()
}

/// `sections[2].entries[0].title` → `[("sections", Some(2)), ("entries", Some(0)), ("title", None)]`.
fn segments(path: &str) -> Vec<(&str, Option<usize>)> {
    let mut out = Vec::new();
    for seg in path.split('.').filter(|s| !s.is_empty()) {
        let mut parts = seg.split('[');
        let key = parts.next().unwrap_or_default();
        let indices: Vec<Option<usize>> = parts.map(|p| p.trim_end_matches(']').parse().ok()).collect();
        if indices.is_empty() {
            out.push((key, None));
        } else {
            for (n, i) in indices.into_iter().enumerate() {
                out.push((if n == 0 { key } else { "" }, i));
            }
        }
    }
    out
}

/// The path of the array element a path lies in (`sections[2].entries[0]`
/// for `sections[2].entries[0].title`), if any.
fn enclosing_element(path: &str) -> Option<String> {
    let end = path.rfind(']')?;
    Some(path.get(..=end)?.to_string())
}

/// The child of a value by key, looking through an enum's variant object
/// (`{"Positions": {...}}`) as the model's paths leave variants out.
fn child<'a>(v: &'a mut Value, key: &str) -> Option<&'a mut Value> {
    let obj = v.as_object_mut()?;
    if obj.contains_key(key) {
        return obj.get_mut(key);
    }
    if obj.len() == 1 && obj.keys().next().is_some_and(|k| k.starts_with(|c: char| c.is_ascii_uppercase())) {
        return obj.values_mut().next().and_then(|inner| child(inner, key));
    }
    None
}

/// Takes the value at a model path out of the CV's JSON: a field, or an
/// array element. False when the path leads nowhere or names the CV's
/// `person` or `sections`.
fn take_out(root: &mut Value, path: &str) -> bool {
    let segs = segments(path);
    let Some((last, parents)) = segs.split_last() else { return false };
    let mut v = root;
    for (key, index) in parents {
        if !key.is_empty() {
            let Some(c) = child(v, key) else { return false };
            v = c;
        }
        if let Some(i) = index {
            let Some(c) = v.as_array_mut().and_then(|a| a.get_mut(*i)) else { return false };
            v = c;
        }
    }
    match last {
        (key, None) => {
            if parents.is_empty() && matches!(*key, "person" | "sections") {
                return false;
            }
            let holds = |v: &Value| v.as_object().is_some_and(|o| o.contains_key(*key));
            if !holds(v) {
                // The field of an enum's variant: `{"Positions": {...}}`.
                match v.as_object_mut() {
                    Some(o) if o.len() == 1 => match o.values_mut().next() {
                        Some(inner) => v = inner,
                        None => return false,
                    },
                    _ => return false,
                }
            }
            v.as_object_mut().and_then(|o| o.remove(*key)).is_some()
        }
        (key, Some(i)) => {
            if !key.is_empty() {
                let Some(c) = child(v, key) else { return false };
                v = c;
            }
            match v.as_array_mut() {
                Some(a) if *i < a.len() => {
                    a.remove(*i);
                    true
                }
                _ => false,
            }
        }
    }
}

/// [`check_imported`] for a CV read from a text whose parts are known by
/// where they start: `placed` pairs each model path with the file's own
/// path for it and the byte offset where that starts in `text` (empty
/// `text`: no positions). Every diagnostic is said in the file's terms
/// ([`in_file_terms`]) and placed.
pub fn check_placed(cv: Cv, text: &str, placed: Vec<(String, String, usize)>) -> Checked {
    let lines = crate::LineStarts::new(text);
    let index = if text.is_empty() {
        SpanIndex::default()
    } else {
        SpanIndex::from_pairs(placed.iter().map(|(m, _, at)| (m.clone(), lines.pos(text, *at))))
    };
    let named: Vec<(String, String)> = placed.into_iter().map(|(m, x, _)| (m, x)).collect();
    let mut checked = check_imported(cv, &index);
    for d in &mut checked.diagnostics {
        in_file_terms(d, &named);
    }
    checked
}

/// Says a diagnostic of the model's check in an imported file's terms:
/// its path as the file's (the longest model path prefix `paths` pairs with
/// one, the rest as it is), and the model's field names in its message and
/// hint (`` `start` ``) as the file's (`` `startDate` ``).
pub fn in_file_terms(d: &mut Diagnostic, paths: &[(String, String)]) {
    if let Some(end) = d.path.rfind(']') {
        let entry = d.path.get(..=end).unwrap_or_default();
        for (m, j) in paths {
            let Some(field) = m.strip_prefix(entry).and_then(|f| f.strip_prefix('.')) else { continue };
            let Some(name) = j.rsplit('.').next().filter(|n| *n != field) else { continue };
            let (from, to) = (format!("`{field}`"), format!("`{name}`"));
            d.message = d.message.replace(&from, &to);
            if let Some(h) = &mut d.hint {
                *h = h.replace(&from, &to);
            }
        }
    }
    let mut cut = d.path.as_str();
    loop {
        if let Some((_, j)) = paths.iter().find(|(m, _)| m == cut) {
            d.path = format!("{j}{}", d.path.get(cut.len()..).unwrap_or_default());
            return;
        }
        if cut.is_empty() {
            return;
        }
        cut = cut.rsplit_once(['.', '[']).map_or("", |(before, _)| before);
    }
}

/// A web address as files write it: a full one as it is; a host and path
/// without the scheme (`github.com/name`, `www.example.org`) with
/// `https://`; `None` for text that is not an address.
pub fn web_address(text: &str) -> Option<String> {
    let t = text.trim();
    if crate::validate::check_url(t).is_ok() {
        return Some(t.to_string());
    }
    if t.contains("://") || t.starts_with('/') || t.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return None;
    }
    let host = t.split(['/', '?', '#']).next().unwrap_or_default();
    let labels: Vec<&str> = host.split('.').collect();
    let tld = labels.last().copied().unwrap_or_default();
    let looks_like_host = labels.len() >= 2
        && labels.iter().all(|l| !l.is_empty() && l.chars().all(|c| c.is_alphanumeric() || c == '-'))
        && tld.len() >= 2
        && tld.chars().all(char::is_alphabetic)
        // `picture.png`: a file's name, not a host.
        && !matches!(tld.to_ascii_lowercase().as_str(), "png" | "jpg" | "jpeg" | "gif" | "webp" | "svg" | "pdf" | "html" | "htm" | "txt" | "json");
    let full = format!("https://{t}");
    (looks_like_host && crate::validate::check_url(&full).is_ok()).then_some(full)
}

/// The ISO 3166-1 alpha-2 code of a country as files write it: a code of
/// two or three letters in any case (`pl`, `USA`), or its English name or
/// a usual short name (`Israel`, `United States of America`, `Bosnia`).
pub fn country_code(text: &str) -> Option<String> {
    use std::str::FromStr;
    let t = text.trim().trim_end_matches('.');
    if t.is_empty() || t.len() > 80 {
        return None;
    }
    let letters: String = t.chars().filter(|c| c.is_alphanumeric()).collect();
    let found = match letters.len() {
        2 => celes::Country::from_alpha2(&letters).ok(),
        3 if t.chars().all(|c| c.is_ascii_alphabetic() || c == '.') => {
            celes::Country::from_alpha3(&letters).ok().or_else(|| celes::Country::from_alias(&letters).ok())
        }
        _ => None,
    };
    let found = found
        .or_else(|| celes::Country::from_name(&letters).ok())
        .or_else(|| celes::Country::from_alias(&letters).ok())
        .or_else(|| celes::Country::from_str(t).ok())
        .or_else(|| {
            // "Republic of Korea", "The Netherlands": without the article.
            let short = letters.strip_prefix("The").or_else(|| letters.strip_prefix("the"))?;
            celes::Country::from_name(short).ok().or_else(|| celes::Country::from_alias(short).ok())
        })?;
    Some(found.alpha2.to_ascii_uppercase())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Item, List, Person, Section};

    fn cv(sections: Vec<Section>) -> Cv {
        Cv { person: Person { name: "A. Person".into(), ..Person::default() }, sections, ..Cv::default() }
    }

    #[test]
    fn a_bad_optional_field_is_left_out_and_a_bad_entry_goes_whole() {
        let mut person = Person { name: "A. Person".into(), ..Person::default() };
        person.image = Some("me.png".into());
        person.email = Some("not an address".into());
        let items = vec![
            Item { title: "Kept".into(), url: Some("relative/page".into()), ..Item::default() },
            Item { title: "".into(), ..Item::default() },
            Item { title: "Also kept".into(), ..Item::default() },
        ];
        let mut c = cv(vec![Section::Custom(List { id: None, title: "Things".into(), intro: None, entries: items })]);
        c.person = person;
        let checked = check_imported(c, &SpanIndex::default());
        let doc = checked.document.expect("the CV passes once the bad parts are out");
        assert_eq!(doc.cv.person.image, None);
        assert_eq!(doc.cv.person.email, None);
        let Section::Custom(list) = &doc.cv.sections[0] else { panic!() };
        let titles: Vec<&str> = list.entries.iter().map(|e| e.title.as_str()).collect();
        assert_eq!(titles, ["Kept", "Also kept"]);
        assert_eq!(list.entries[0].url, None);
        let said: Vec<String> = checked.diagnostics.iter().map(|d| format!("{}: {}", d.path, d.message)).collect();
        assert!(said.iter().all(|s| s.contains("left out")), "{said:#?}");
        assert_eq!(said.len(), 4, "{said:#?}");
    }

    #[test]
    fn countries_as_files_write_them() {
        for (written, code) in [
            ("pl", "PL"),
            ("USA", "US"),
            ("U.S.A.", "US"),
            ("Israel", "IL"),
            ("Bosnia and Herzegovina", "BA"),
            ("United States of America", "US"),
            ("United Kingdom", "GB"),
            ("Germany", "DE"),
            ("India", "IN"),
            ("DEU", "DE"),
        ] {
            assert_eq!(country_code(written).as_deref(), Some(code), "{written}");
        }
        for nothing in ["", "Earth", "Remote", "Washington DC-Baltimore Area"] {
            assert_eq!(country_code(nothing), None, "{nothing}");
        }
    }

    #[test]
    fn addresses_without_their_scheme() {
        assert_eq!(web_address("github.com/PragTob").as_deref(), Some("https://github.com/PragTob"));
        assert_eq!(web_address("www.example.org").as_deref(), Some("https://www.example.org"));
        assert_eq!(web_address("https://a.example/x").as_deref(), Some("https://a.example/x"));
        for no in ["picture.png", "/me.webp", "not an address", "", "mailto"] {
            assert_eq!(web_address(no), None, "{no}");
        }
    }

    #[test]
    fn a_cv_without_a_name_stays_refused() {
        let checked = check_imported(Cv::default(), &SpanIndex::default());
        assert!(checked.document.is_none());
        assert!(checked.diagnostics.iter().any(|d| d.is_error() && d.path == "person.name"), "{:?}", checked.diagnostics);
    }
}
