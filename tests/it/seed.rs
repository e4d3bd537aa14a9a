//! Every fact of the seed CV (`../shared/seeds/000_d4fd4adc33219c65.txt`) is in
//! `examples/seojin-park.ron`, and the derived figures come out as the seed
//! prints them.

use vita_model::{venue_counts, Document, End, Section, Status, When};
use vita_view::view::{count_sentence, venue_line};

fn seed() -> Document {
    let src = std::fs::read_to_string(crate::common::root().join("examples/seojin-park.ron")).unwrap();
    let checked = vita_model::load(&src);
    assert!(checked.diagnostics.is_empty(), "{:?}", checked.diagnostics);
    checked.document.unwrap()
}

fn dates(start: Option<&When>, end: Option<&End>) -> String {
    vita_view::dates::range(start, end, "present")
}

#[test]
fn person_and_document_facts() {
    let d = seed();
    assert_eq!(d.cv.person.name, "Seo Jin Park");
    assert_eq!(d.cv.person.website.as_deref(), Some("https://seojinpark.net"));
    assert_eq!(d.cv.updated.as_ref().map(When::source).as_deref(), Some("2022-11"));
}

fn section<'a>(d: &'a Document, title: &str) -> &'a Section {
    d.cv.all_sections().find(|s| s.title() == title).unwrap_or_else(|| panic!("no section {title}"))
}

#[test]
fn employment_education_and_industry() {
    let d = seed();
    let Section::Positions(emp) = section(&d, "Employment") else { panic!() };
    let got: Vec<String> = emp
        .entries
        .iter()
        .map(|p| {
            format!(
                "{} | {} | {} | {} | {} | {}",
                p.org,
                p.location.as_deref().unwrap_or(""),
                p.title.as_deref().unwrap_or(""),
                p.unit.as_deref().unwrap_or(""),
                dates(p.start.as_ref(), p.end.as_ref()),
                p.advisor.as_deref().unwrap_or("")
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            "University of Southern California | Los Angeles, CA | Assistant Professor in Computer Science |  | 08/2023 – present | ",
            "Google | Sunnyvale, CA | Systems Research Engineer | Systems Research Group | 08/2022 – present | ",
            "Massachusetts Institute of Technology | Cambridge, MA | Postdoctoral associate | Computer Science and Artificial Intelligence Laboratory (CSAIL) | 10/2019 – 07/2022 | Prof. Mohammad Alizadeh",
        ]
    );
    let Section::Education(edu) = section(&d, "Education") else { panic!() };
    let got: Vec<String> = edu
        .entries
        .iter()
        .map(|e| {
            format!(
                "{} | {} | {} in {} | {} | {}",
                e.institution,
                e.location.as_deref().unwrap_or(""),
                e.degree.as_deref().unwrap_or(""),
                e.field.as_deref().unwrap_or(""),
                dates(e.start.as_ref(), e.end.as_ref()),
                e.advisor.as_deref().unwrap_or("")
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            "Stanford University | Stanford, CA | Ph.D. in Computer Science | 09/2013 – 10/2019 | Prof. John Ousterhout",
            "Massachusetts Institute of Technology | Cambridge, MA | M.Eng. in Electrical Engineering and Computer Science | 06/2012 – 06/2013 | Prof. Armando Solar-Lezama",
            "Massachusetts Institute of Technology | Cambridge, MA | B.S. in Computer Science and in Mathematics | 09/2008 – 06/2013 | ",
        ]
    );
    let Section::Positions(ind) = section(&d, "Industry experience") else { panic!() };
    let got: Vec<String> = ind
        .entries
        .iter()
        .map(|p| {
            format!(
                "{} | {} | {} | {}",
                p.org,
                p.location.as_deref().unwrap_or(""),
                dates(p.start.as_ref(), p.end.as_ref()),
                p.description.as_ref().map(|r| r.to_plain()).unwrap_or_default()
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            "Microsoft Research | Redmond, WA | 06/2016 – 09/2016 | Developed UnifiedStore, a client library layer with a single storage view for hierarchical cloud storage.",
            "Facebook | Menlo Park, CA | 07/2014 – 09/2014 | Improved performance of service router (from web servers to back-ends) by applying user-level threading.",
            "Facebook | Seattle, WA | 07/2013 – 09/2013 | Developed a web server to MySQL host router, which provides load balancing, connection pooling, etc.",
            "Oracle | Redwood City, CA | 06/2011 – 09/2011 | Developed an on demand cloud provisioning model and resource allocation simulator.",
            "Microsoft, Bing | Bellevue, WA | 05/2010 – 08/2010 | Developed a new service launcher which starts up services on a local machine and enforces resource-use regulations (CPU, RAM, disk IO, and network IO) on each service to decouple interference among services.",
            "KAYAK Software | Concord, MA | 01/2010 | Applied machine learning on the hotel review text analysis to categorize hotels.",
        ]
    );
}

#[test]
fn research_projects_cite_the_seed_numbers() {
    let d = seed();
    let Section::Research(r) = section(&d, "Research") else { panic!() };
    assert_eq!(r.areas, ["distributed systems", "systems for machine learning", "low-latency systems"]);
    assert_eq!(
        r.vision.as_ref().unwrap().to_plain(),
        "The goal of my research is to make cluster-scale parallel systems efficient so that big data applications (e.g., DNN training, analytics) can run 100–1000x faster."
    );
    let got: Vec<String> = r
        .projects
        .iter()
        .map(|p| {
            let refs: Vec<String> = p.publications.iter().map(|id| format!("[{}]", d.number(id).unwrap())).collect();
            format!("{}: {}", p.name, refs.join(" "))
        })
        .collect();
    assert_eq!(
        got.join(", "),
        "distributed deep learning system: [5], distributed analytics: [7], blockchain: [6], resource fungibility: [3], low-latency consensus: [11] [8] [10], distributed system consistency: [13], in-memory large-scale storage: [14], server overload control: [4] [9]"
    );
}

#[test]
fn publications_with_numbers_authors_venues_and_rates() {
    let d = seed();
    let pubs: Vec<_> = d.cv.publications().collect();
    let got: Vec<String> = pubs
        .iter()
        .map(|p| {
            let authors: Vec<String> = p
                .authors
                .iter()
                .map(|a| format!("{}{}{}", a.name, if a.equal { "*" } else { "" }, if d.cv.is_owner(&a.name) { "(me)" } else { "" }))
                .collect();
            let when = match p.status {
                Status::ToAppear => "To appear".to_string(),
                _ => vita_view::dates::long(p.date.as_ref().unwrap()),
            };
            let rate = p.acceptance.as_ref().map(|a| {
                format!(
                    "{}: {}, {} out of {}.",
                    a.cycle.as_ref().map(|c| format!("Acceptance rate for {c}")).unwrap_or("Acceptance rate".into()),
                    a.rate().unwrap(),
                    a.accepted,
                    a.submitted
                )
            });
            format!(
                "[{}] {} / {} / {}, {} / {}{}",
                d.number(&p.id).unwrap(),
                p.title,
                authors.join(", "),
                venue_line(p).unwrap(),
                when,
                rate.unwrap_or_default(),
                p.awards.iter().map(|a| format!(" ({a})")).collect::<String>()
            )
        })
        .collect();
    let want = [
        "[3] Nu: Achieving Microsecond-Scale Resource Fungibility with Logical Processes / Zhenyuan Ruan, Seo Jin Park(me), Marcos K. Aguilera, Adam Belay, Malte Schwarzkopf / 20th USENIX Symposium on Networked Systems Design and Implementation (NSDI'23), To appear / Acceptance rate for spring submissions: 18.4%, 50 out of 272.",
        "[4] Protego: Overload Control for Applications with Unpredictable Lock Contention / Inho Cho, Ahmed Saeed, Seo Jin Park(me), Mohammad Alizadeh, Adam Belay / 20th USENIX Symposium on Networked Systems Design and Implementation (NSDI'23), To appear / Acceptance rate for spring submissions: 18.4%, 50 out of 272.",
        "[5] Efficient Strong Scaling Through Burst Parallel Training / Seo Jin Park(me), Joshua Fried, Sunghyun Kim, Mohammad Alizadeh, Adam Belay / 5th Conference on Machine Learning and Systems (MLSys'22), August 2022 / Acceptance rate: 20.6%, 51 out of 247.",
        "[6] DispersedLedger: High-Throughput Byzantine Consensus on Variable Bandwidth Networks / Lei Yang, Seo Jin Park(me), Mohammad Alizadeh, Sreeram Kannan, David Tse / 19th USENIX Symposium on Networked Systems Design and Implementation (NSDI'22), April 2022 / Acceptance rate for spring submissions: 26.9%, 28 out of 104.",
        "[7] MilliSort and MilliQuery: Large-Scale Data-Intensive Computing in Milliseconds / Yilong Li*, Seo Jin Park*(me), John Ousterhout / 18th USENIX Symposium on Networked Systems Design and Implementation (NSDI'21), April 2021 / Acceptance rate for fall submissions: 15.7%, 40 out of 255.",
        "[8] EPaxos Revisited / Sarah Tollman, Seo Jin Park(me), John Ousterhout / 18th USENIX Symposium on Networked Systems Design and Implementation (NSDI'21), April 2021 / Acceptance rate for fall submissions: 15.7%, 40 out of 255.",
        "[9] Overload Control for μs-scale RPCs with Breakwater / Inho Cho, Ahmed Saeed, Joshua Fried, Seo Jin Park(me), Mohammad Alizadeh, Adam Belay / 14th USENIX Symposium on Operating Systems Design and Implementation (OSDI'20), November 2020 / Acceptance rate: 17.6%, 70 out of 398.",
        "[10] Toward Scalable Replication Systems with Predictable Tails Using Programmable Data Planes / Sean Choi, Seo Jin Park(me), Muhammad Shahbaz, Balaji Prabhakar, Mendel Rosenblum / 3rd Asia-Pacific Workshop on Networking (APNet'19), August 2019 / Acceptance rate: 37.8%, 14 out of 37. (best paper award)",
        "[11] Exploiting Commutativity For Practical Fast Replication / Seo Jin Park(me), John Ousterhout / 16th USENIX Symposium on Networked Systems Design and Implementation (NSDI'19), February 2019 / Acceptance rate for fall submissions: 12.5%, 30 out of 240.",
        "[12] NanoLog: A Nanosecond Scale Logging System / Stephen Yang, Seo Jin Park(me), John Ousterhout / 2018 USENIX Annual Technical Conference (ATC'18), July 2018 / Acceptance rate: 20.1%, 76 out of 378.",
        "[13] Implementing Linearizability at Large Scale and Low Latency / Collin Lee*, Seo Jin Park*(me), Ankita Kejriwal, Satoshi Matsushita, John Ousterhout / The 25th ACM Symposium on Operating Systems Principles (SOSP'15), October 2015 / Acceptance rate: 16.1%, 30 out of 186.",
        "[14] The RAMCloud Storage System / John Ousterhout, Arjun Gopalan, Ashish Gupta, Ankita Kejriwal, Collin Lee, Behnam Montazeri, Diego Ongaro, Seo Jin Park(me), Henry Qin, Mendel Rosenblum, Stephen Rumble, Ryan Stutsman, Stephen Yang / ACM Transactions on Computer Systems (TOCS) 33, 3, Article 7, August 2015 / ",
    ];
    assert_eq!(got, want);
    let c = venue_counts(pubs.iter().copied(), &d.cv.settings.venue_order);
    assert_eq!(
        count_sentence(c.total, &c.venues),
        "Published 12 peer-reviewed publications: 1 MLSys, 6 NSDI, 1 OSDI, 1 SOSP, 1 ATC, 1 APNet and 1 TOCS."
    );
}

#[test]
fn mentoring_teaching_service_awards() {
    let d = seed();
    let Section::Mentoring(m) = section(&d, "Mentoring") else { panic!() };
    let got: Vec<String> = m
        .entries
        .iter()
        .map(|e| {
            format!(
                "{}, {} {}{} / {}",
                e.name,
                e.institution.as_deref().unwrap(),
                e.level.as_deref().unwrap(),
                e.class_of.map(|y| format!("'{:02}", y % 100)).unwrap_or_default(),
                dates(e.start.as_ref(), e.end.as_ref())
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            "Emma Dauterman, Stanford Undergrad'18 / Spring 2018",
            "Sarah Tollman, Stanford Master'20 / 09/2019 – 06/2020",
            "Inho Cho, MIT PhD / 10/2019 – present",
            "Lei Yang, MIT PhD / 10/2019 – 04/2022",
            "Sunghyun Kim, MIT PhD / 11/2020 – 12/2021",
            "Joshua Fried, MIT PhD / 01/2021 – 08/2022",
            "Zhenyuan Ruan, MIT PhD / 01/2021 – present",
        ]
    );
    let Section::Teaching(t) = section(&d, "Teaching") else { panic!() };
    let got: Vec<String> = t
        .entries
        .iter()
        .map(|c| {
            format!(
                "{} ({}) {}, {} / {}",
                c.course,
                c.code.as_deref().unwrap(),
                c.role.as_deref().unwrap(),
                c.institution.as_deref().unwrap(),
                c.term.as_ref().unwrap()
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            "Distributed Systems (CS 244b) TA, Stanford University / Fall 2017",
            "Database Systems Principles (CS 245) TA, Stanford University / Winter 2016",
            "Introduction to EECS II: Digital Communication Systems (6.02) Lab Assistant, MIT / Spring 2011",
        ]
    );
    let Section::Service(s) = section(&d, "Service") else { panic!() };
    let got: Vec<String> =
        s.entries.iter().map(|e| format!("{}, {} / {}", e.role, e.org.as_deref().unwrap(), e.date.as_ref().unwrap())).collect();
    assert_eq!(
        got,
        [
            "Program Committee & Session Chair, 13th ACM Symposium on Cloud Computing (SoCC'22) / 2022",
            "Editorial Board Member, Journal of systems research (JSys), distributed consensus area / 2021",
            "Mentoring Diversity Candidates, MIT EECS Graduate Application Assistance Program (GAAP) / 2020",
            "Faculty Search Committee, Student member for Stanford CS Dept 2018 Search / 2018",
            "MIT Educational Council, Interviewer for MIT undergraduate admissions / 2018",
            "Tutoring, Introduction to Algorithms at MIT / 2012",
            "Tutoring, Introduction to EECS II: Digital Communication Systems at MIT / 2011",
        ]
    );
    let Section::Awards(a) = section(&d, "Awards") else { panic!() };
    let got: Vec<String> = a
        .entries
        .iter()
        .map(|e| {
            format!(
                "{}{}{} / {}",
                e.name,
                e.amount.as_ref().map(|a| format!(", grants {}", a.display())).unwrap_or_default(),
                e.note.as_ref().map(|n| format!(" {}", n.to_plain())).unwrap_or_default(),
                dates(e.date.as_ref(), e.end.as_ref())
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            "APNet'19 Best Paper Award / 2019",
            "Samsung Scholarship, grants $250,000 over five years of graduate study / 2013 – 2018",
            "STX Scholarship, grants $200,000 over four years of undergrad study / 2008 – 2012",
        ]
    );
}

#[test]
fn the_text_output_holds_every_publication_title_of_the_seed_file() {
    // Read the seed document itself where it is available, so that a title
    // dropped from the example is noticed.
    let seed = crate::common::root().join("../shared/seeds/000_d4fd4adc33219c65.txt");
    let Ok(text) = std::fs::read_to_string(&seed) else {
        crate::common::missing("the seed document", "it is in ../shared/seeds next to the project");
        return;
    };
    let out = crate::common::vita(&["build", "examples/seojin-park.ron", "--format", "text", "--width", "1000", "-o", "-"]);
    let txt = String::from_utf8(out.stdout).unwrap();
    let mut titles = 0;
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("- [") {
            let title = rest.split("**").nth(1).unwrap().replace("  ", " ").replace("$\\mu$ s", "μs");
            assert!(txt.contains(&title), "missing {title}");
            titles += 1;
        }
    }
    assert_eq!(titles, 12);
}
