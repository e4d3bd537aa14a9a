//! Compiles the default templates into Rust (`vita-hbs`): the Handlebars
//! engine renders them only when a build's templates are not these.
fn main() {
    vita_hbs::build_script("latex", &["cv.tex.hbs"], &[("cv.tex", "cv_tex", "super::TexPage")], &[]);
}
