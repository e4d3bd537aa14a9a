//! Contact icons: small drawings (`formats/icons/*.svg`, made for vita)
//! that the themes which use them set before an email, a phone number, a
//! website, an address and a profile. The text is always there too: an
//! icon only marks it. Each drawing strokes `COLOR`, which the backend
//! replaces (`currentColor` on a page, the theme's colour in a PDF).

/// The icons, by name.
pub const ICONS: &[(&str, &str)] = &[
    ("email", include_str!("../../../formats/icons/email.svg")),
    ("phone", include_str!("../../../formats/icons/phone.svg")),
    ("website", include_str!("../../../formats/icons/website.svg")),
    ("address", include_str!("../../../formats/icons/address.svg")),
    ("orcid", include_str!("../../../formats/icons/orcid.svg")),
    ("github", include_str!("../../../formats/icons/github.svg")),
    ("scholar", include_str!("../../../formats/icons/scholar.svg")),
    ("linkedin", include_str!("../../../formats/icons/linkedin.svg")),
    ("link", include_str!("../../../formats/icons/link.svg")),
];

/// The icon of a profile's network (`GitHub`, `Google Scholar`), else `link`.
pub fn for_network(network: &str) -> &'static str {
    let n = network.to_ascii_lowercase();
    ["orcid", "github", "scholar", "linkedin"].into_iter().find(|k| n.contains(k)).unwrap_or("link")
}

/// An icon's drawing, its strokes and fills in `colour`.
pub fn drawing(name: &str, colour: &str) -> Option<String> {
    ICONS.iter().find(|(n, _)| *n == name).map(|(_, svg)| svg.trim_end().replace("COLOR", colour))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_icon_is_a_drawing_in_one_colour() {
        for (name, svg) in ICONS {
            assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 24 24\""), "{name}");
            assert!(svg.contains("COLOR") && !svg.contains("<script") && !svg.contains("href"), "{name}");
        }
        assert_eq!(for_network("Google Scholar"), "scholar");
        assert_eq!(for_network("Mastodon"), "link");
    }
}
