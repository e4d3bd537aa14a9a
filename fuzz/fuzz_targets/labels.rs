//! Labels files: any text laid over vita's English words gives labels or a
//! positioned error, never a panic; labels that pass are used to fill
//! every pattern.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vita_view::labels::{fill, left_out, Labels};

fuzz_target!(|src: &str| {
    let _ = left_out(src);
    if let Ok(l) = Labels::english().over(src) {
        let _ = l.count(3);
        let _ = l.labelled(&l.advisor, "A");
        for p in [&l.title_at, &l.degree_in, &l.acceptance, &l.date, &l.month_year, &l.count_list] {
            let _ = fill(p, &[("title", "T"), ("unit", "U"), ("label", "é"), ("rate", "1%"), ("month", "😀"), ("year", "2020")]);
        }
    }
});
