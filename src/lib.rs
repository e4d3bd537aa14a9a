//! The parts of the `vita` program that the tests, the benches and the fuzz
//! targets share with it: the one registry of backends and importers.
//! Everything that reads files, runs programs or prints is in the binary
//! (`src/main.rs` and its modules).

pub mod registry;
