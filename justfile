# Recipes mirroring CI. `just` lists them.

# List the recipes.
default:
    @just --list

# Run what CI runs (installs tools with apt-get and npm).
ci:
    bash .ci/run

# Run the tests.
test:
    cargo test --workspace

# Check that the engine and every backend build for the browser, as CI does.
wasm:
    rustup target add wasm32-unknown-unknown
    cargo check --target wasm32-unknown-unknown -p vita-engine

# Run the tests of vita built without the Typst engine, as CI does.
# The page (web/dist): vita in the browser, as WebAssembly.
web:
    scripts/build-web

# The page's figures: wasm size, load, edit to preview (in Chromium).
bench-web:
    scripts/bench-web

test-no-typst:
    cargo test --no-default-features --workspace --exclude vita-typst --exclude vita-web -- --skip the_guide_yields_a_working_backend

# Format, lint and check the docs as CI does.
lint:
    cargo fmt --all -- --check
    cargo clippy --workspace --all-targets -- -D warnings
    RUSTDOCFLAGS=-Dwarnings cargo doc --workspace --no-deps --quiet

# Rewrite the golden files and expected diagnostics from the current outputs.
golden:
    VITA_BLESS=1 cargo test --test it -- golden:: diagnostics::

# Build the seed CV into out/.
seed:
    cargo run --release -- build examples/seojin-park.ron

# Scaffold a backend crate (see docs/adding-a-backend.md).
new-backend NAME:
    scripts/new-backend {{NAME}}

# Print the performance figures (bench harness and whole-process runs).
bench:
    scripts/bench

# Time vita against resumed (JSON Resume) and RenderCV on the same content.
compare:
    scripts/compare

# Fuzz every target for SECONDS each (needs cargo-fuzz and nightly; see scripts/fuzz).
fuzz SECONDS="60":
    scripts/fuzz load {{SECONDS}}
    scripts/fuzz jsonresume_import {{SECONDS}}
    scripts/fuzz spans {{SECONDS}}
    scripts/fuzz render {{SECONDS}}

# Property tests with more cases (CASES generated CVs).
proptest CASES="5000":
    VITA_PROPTEST_CASES={{CASES}} cargo test --release --test it properties::
