//! Compiles the default template and style sheet, and the built-in themes'
//! style sheets, into Rust (`vita-hbs`): the Handlebars engine renders only a
//! build's own.
fn main() {
    vita_hbs::build_script("html", &["cv.html.hbs", "style.css"], &[("cv.html", "cv_html", "super::Page")], &["theme", "icons"]);
}
