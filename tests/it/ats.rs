//! The ATS-safe output, read by a real résumé parser: every example built
//! with a target on the `recruiter` preset (`ats: true`: the PDF, and the
//! Word file, which LibreOffice makes a PDF of as a portal would; the
//! parser, openresume-parser from PyPI, which `.ci/run` installs into
//! `.tools/python`, reads PDFs), each read by the parser, which must find
//! the name, the email and phone, each position's company, title and
//! dates, and each degree's school and dates.

use crate::common::*;

/// Every example in a copy of `examples/`, its targets replaced by one on the
/// `recruiter` preset, built; (example, its CV, the target's folder).
fn built(dir: &std::path::Path) -> Vec<(String, vita_model::Cv, std::path::PathBuf)> {
    copy_tree(&root().join("examples"), dir);
    let mut out = Vec::new();
    for file in files_with(dir, "ron") {
        let src = std::fs::read_to_string(&file).unwrap();
        let mut cv = vita_model::parse(&src).unwrap();
        cv.settings.targets = None;
        cv.targets = vec![vita_model::Target { name: "recruiter".into(), preset: Some("recruiter".into()), ..Default::default() }];
        std::fs::write(&file, vita_model::to_ron(&cv).unwrap()).unwrap();
        let o = file.with_extension("out");
        let run = vita(&["build", file.to_str().unwrap(), "-o", o.to_str().unwrap()]);
        let name = file.file_stem().unwrap().to_string_lossy().into_owned();
        assert!(run.status.success(), "{name}: {}", String::from_utf8_lossy(&run.stderr));
        out.push((name, cv, o.join("recruiter")));
    }
    out
}

/// What the parser found in each PDF, in order.
fn parsed(pdfs: &[&std::path::Path]) -> Vec<serde_json::Value> {
    let run = python().arg(root().join("tests/tools/resume_parser.py")).args(pdfs).output().unwrap();
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    serde_json::from_slice(&run.stdout).unwrap()
}

/// The entries of the top-level sections `pick` takes, in CV order (the
/// order the `ats` target prints a kind in).
fn entries<'a, T>(cv: &'a vita_model::Cv, pick: impl Fn(&'a vita_model::Section) -> Option<&'a Vec<T>>) -> Vec<&'a T> {
    cv.sections.iter().filter_map(pick).flatten().collect()
}

/// The parser reads years from 1900 to 2099 as dates: an entry dated
/// earlier (Ada Lovelace's, in `minimal.ron`) has its dates read as a name
/// line, and is not held to the rest.
fn before_1900(w: Option<&vita_model::When>) -> bool {
    w.and_then(vita_model::When::year).is_some_and(|y| y < 1900)
}

fn year(w: Option<&vita_model::When>) -> String {
    w.and_then(vita_model::When::year).map(|y| y.to_string()).unwrap_or_default()
}

#[test]
fn a_resume_parser_reads_every_example_right_as_pdf_and_as_word() {
    if !python_has("openresume", "openresume-parser==0.1.6") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let built = built(dir.path());
    let pdfs: Vec<std::path::PathBuf> = built.iter().map(|(_, _, o)| o.join("cv.pdf")).collect();
    let mut wrong = judge(&built, &parsed(&pdfs.iter().map(|p| p.as_path()).collect::<Vec<_>>()), "the PDF");
    if let Some(soffice) = soffice() {
        let words: Vec<(String, std::path::PathBuf)> = built.iter().map(|(n, _, o)| (n.clone(), o.join("cv.docx"))).collect();
        let pdfs = word_to_pdf(&soffice, &words, &dir.path().join("word"));
        wrong.extend(judge(&built, &parsed(&pdfs.iter().map(|p| p.as_path()).collect::<Vec<_>>()), "the Word file"));
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n\n"));
}

/// What the parser got wrong in each example's file; the facts it got
/// right are said on standard error.
fn judge(built: &[(String, vita_model::Cv, std::path::PathBuf)], found: &[serde_json::Value], what: &str) -> Vec<String> {
    let mut wrong = Vec::new();
    let mut score = Vec::new();
    for ((name, cv, _), f) in built.iter().zip(found) {
        let mut checks = 0;
        let mut problems: Vec<String> = Vec::new();
        let mut fail = |what: String| problems.push(what);
        let p = &cv.person;
        if name == "hostile" {
            // Not a CV a parser is meant to read: a name of markup, lines of
            // control characters. It must still be read, and its email found.
            if f["email"] != p.email.as_deref().unwrap_or_default() {
                wrong.push(format!("hostile: the email is not found\n  the parser read: {f}"));
            }
            score.push("hostile: 1 fact".to_string());
            continue;
        }
        checks += 1;
        if !f["name"].as_str().unwrap_or("").eq_ignore_ascii_case(&p.name) {
            fail(format!("the name is not `{}`", p.name));
        }
        if let Some(e) = &p.email {
            checks += 1;
            if f["email"] != e.as_str() {
                fail(format!("the email is not `{e}`"));
            }
        }
        if let Some(ph) = &p.phone {
            checks += 1;
            let digits = |s: &str| s.chars().filter(char::is_ascii_digit).collect::<String>();
            if digits(f["phone"].as_str().unwrap_or("")) != digits(ph) {
                fail(format!("the phone is not `{ph}`"));
            }
        }
        if f["columns"] != 1 {
            fail("the parser sees more than one column".into());
        }
        // Positions in the order the target prints them: work history first.
        let positions = entries(cv, |s| match s {
            vita_model::Section::Positions(l) => Some(&l.entries),
            _ => None,
        });
        let jobs = f["jobs"].as_array().cloned().unwrap_or_default();
        for (i, pos) in positions.iter().enumerate() {
            if before_1900(pos.start.as_ref()) {
                continue;
            }
            checks += 3;
            let Some(job) = jobs.get(i) else {
                fail(format!("no job {i} ({})", pos.org));
                continue;
            };
            let (company, title, start) =
                (job["company"].as_str().unwrap_or(""), job["title"].as_str().unwrap_or(""), job["start_date"].as_str().unwrap_or(""));
            match &pos.title {
                // With a job title: the title, and the organisation as the company.
                Some(t) if !(title.contains(t.as_str()) && company.starts_with(&pos.org)) => {
                    fail(format!("job {i} is not `{t}` at `{}`", pos.org))
                }
                // Without one, the organisation is the only name a parser can take.
                None if !(company.starts_with(&pos.org) || title.starts_with(&pos.org)) => fail(format!("job {i} is not at `{}`", pos.org)),
                _ => {}
            }
            if !start.contains(&year(pos.start.as_ref())) {
                fail(format!("job {i} does not start in {}", year(pos.start.as_ref())));
            }
            if matches!(pos.end, Some(vita_model::End::Present)) != (job["current"] == true) {
                fail(format!("job {i}: whether it is current"));
            }
        }
        let degrees = entries(cv, |s| match s {
            vita_model::Section::Education(l) => Some(&l.entries),
            _ => None,
        });
        let schools = f["education"].as_array().cloned().unwrap_or_default();
        for (i, d) in degrees.iter().enumerate() {
            if before_1900(d.start.as_ref()) {
                continue;
            }
            checks += 2;
            let Some(s) = schools.get(i) else {
                fail(format!("no education entry {i} ({})", d.institution));
                continue;
            };
            if !s["school"].as_str().unwrap_or("").starts_with(&d.institution) {
                fail(format!("education {i} is not at `{}`", d.institution));
            }
            let end = match &d.end {
                Some(vita_model::End::At(w)) => year(Some(w)),
                _ => String::new(),
            };
            let date = s["date"].as_str().unwrap_or("");
            if !(date.contains(&year(d.start.as_ref())) && date.contains(&end)) {
                fail(format!("education {i} is not dated {} – {end}: `{date}`", year(d.start.as_ref())));
            }
        }
        if !problems.is_empty() {
            wrong.push(format!("{name}: {}\n  the parser read: {f}", problems.join("; ")));
        }
        score.push(format!("{name}: {checks} facts"));
    }
    eprintln!("openresume-parser on the recruiter target's {what}: {}", score.join(", "));
    wrong.into_iter().map(|w| format!("{what}: {w}")).collect()
}
