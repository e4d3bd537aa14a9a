//! Compiles the default templates, and the built-in themes' `theme.typ.hbs`,
//! into Rust (`vita-hbs`): the Handlebars engine renders only a build's own.
fn main() {
    vita_hbs::build_script("typst", &["cv.typ.hbs", "theme.typ.hbs"], &[("cv.typ", "cv_typ", "super::TypstPage")], &["theme"]);
}
