//! Links the `vita` program as a position-dependent executable on Linux.
//!
//! A position-independent executable (the default) has its 1.8 MB of
//! tables with addresses (`.data.rel.ro`: Typst's, Handlebars', clap's)
//! relocated by the loader at every start: 109,000 relocations, 677 page
//! faults and 2.4 ms for `vita --version`, more than building the seed's
//! text outputs. Linked at a fixed address the loader has nothing to
//! relocate and `vita --version` takes 1.4 ms (docs/performance.md). The
//! program's own code then loads at a fixed address; shared libraries,
//! the heap and the stack are still placed at random.
fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let env = std::env::var("CARGO_CFG_TARGET_ENV").unwrap_or_default();
    if os == "linux" && env == "gnu" && std::env::var_os("VITA_PIE").is_none() {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
    println!("cargo:rerun-if-env-changed=VITA_PIE");
}
