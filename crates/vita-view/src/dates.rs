//! Date and range formatting, the same for every format.

use vita_model::{DateStyle, End, When};

/// The seconds since 1970 a made document (a PDF) is dated with:
/// `SOURCE_DATE_EPOCH` when set, else the CV's `updated` date (else its
/// latest date), at midnight UTC, else 1970; so the same source gives the
/// same file.
pub fn document_epoch(doc: &vita_backend::Document, options: &vita_backend::Options) -> i64 {
    let dated = doc.cv.updated.clone().or_else(|| doc.cv.latest_date());
    options.source_date_epoch.or_else(|| dated.and_then(|u| u.as_date()).map(|d| d.unix_seconds())).unwrap_or(0)
}

/// `09/2013`, `2022`, `Fall 2017`: the numeric style of CV date columns.
pub fn numeric(w: &When) -> String {
    match w {
        When::Date(d) => match d.month {
            Some(m) => format!("{m:02}/{}", d.year),
            None => d.year.to_string(),
        },
        _ => w.source(),
    }
}

/// `August 2022`, `2023`, `Fall 2017`, `May 12, 2020`: the style of publication dates, in English.
pub fn long(w: &When) -> String {
    long_in(crate::labels::Labels::english(), w)
}

/// `2013`, `Fall 2017`: the year style.
pub fn year(w: &When) -> String {
    match w {
        When::Date(d) => d.year.to_string(),
        _ => w.source(),
    }
}

/// A point in a style, in English.
pub fn point(style: DateStyle, w: &When) -> String {
    point_in(style, crate::labels::Labels::english(), w)
}

/// `Aug 2022`, `2023`, `Fall 2017`: the short style, a month by its
/// abbreviated name, in a language (a day is left out).
pub fn short_in(l: &crate::view::Labels, w: &When) -> String {
    match w {
        When::Date(d) => match d.month.filter(|m| (1..=12).contains(m)) {
            Some(m) => crate::labels::fill(
                &l.month_year_short,
                &[("month", &l.months_short[usize::from(m) - 1]), ("m", &m.to_string()), ("year", &d.year.to_string())],
            ),
            None => d.year.to_string(),
        },
        _ => w.source(),
    }
}

/// A range in the numeric style: `09/2013 – 10/2019`, `08/2022 – present`,
/// a single point when start and end are the same.
pub fn range(start: Option<&When>, end: Option<&End>, present: &str) -> String {
    range_with(DateStyle::Numeric, start, end, present, crate::labels::Labels::english())
}

/// A date in the long style in a language: `August 2022`, `12. Mai 2020`,
/// `2020年5月12日`, by the language's patterns.
pub fn long_in(l: &crate::view::Labels, w: &When) -> String {
    match w {
        When::Date(d) => {
            let Some(m) = d.month.filter(|m| (1..=12).contains(m)) else { return d.year.to_string() };
            let i = usize::from(m) - 1;
            let (year, num) = (d.year.to_string(), m.to_string());
            match d.day {
                Some(day) => crate::labels::fill(
                    &l.date,
                    &[("month", &l.months_in_date[i]), ("m", &num), ("day", &day.to_string()), ("year", &year)],
                ),
                None => crate::labels::fill(&l.month_year, &[("month", &l.months[i]), ("m", &num), ("year", &year)]),
            }
        }
        _ => w.source(),
    }
}

/// A point in a style and language.
pub fn point_in(style: DateStyle, l: &crate::view::Labels, w: &When) -> String {
    match style {
        DateStyle::Numeric => numeric(w),
        DateStyle::Short => short_in(l, w),
        DateStyle::Long => long_in(l, w),
        DateStyle::Year => year(w),
    }
}

/// A range in a style and language (`September 2013 – October 2019`, `2013 – heute`).
pub fn range_in(style: DateStyle, start: Option<&When>, end: Option<&End>, l: &crate::view::Labels) -> String {
    range_with(style, start, end, &l.present, l)
}

fn range_with(style: DateStyle, start: Option<&When>, end: Option<&End>, present: &str, l: &crate::view::Labels) -> String {
    let s = start.map(|w| point_in(style, l, w));
    let e = end.map(|e| match e {
        End::Present => present.to_string(),
        End::At(w) => point_in(style, l, w),
    });
    match (s, e) {
        (Some(s), Some(e)) if s == e => s,
        (Some(s), Some(e)) => format!("{s} – {e}"),
        (Some(s), None) => s,
        (None, Some(e)) => e,
        (None, None) => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_ranges() {
        let w = When::parse;
        assert_eq!(range(Some(&w("2013-09")), Some(&End::parse("2019-10")), "present"), "09/2013 – 10/2019");
        assert_eq!(range(Some(&w("2022-08")), Some(&End::Present), "present"), "08/2022 – present");
        assert_eq!(range(Some(&w("2010-01")), Some(&End::parse("2010-01")), "present"), "01/2010");
        assert_eq!(range(Some(&w("Spring 2018")), None, "present"), "Spring 2018");
        assert_eq!(long(&w("2022-08")), "August 2022");
        assert_eq!(point(DateStyle::Short, &w("2022-08")), "Aug 2022");
        assert_eq!(point(DateStyle::Short, &w("2022-08-14")), "Aug 2022");
        assert_eq!(point(DateStyle::Short, &w("Fall 2017")), "Fall 2017");
        let de = crate::labels::builtin("de").unwrap();
        assert_eq!(range_in(DateStyle::Short, Some(&w("2013-09")), Some(&End::Present), de), "Sept. 2013 – heute");
    }
}
