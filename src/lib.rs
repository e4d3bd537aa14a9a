//! The parts of the `vita` program that the tests, the benches and the fuzz
//! targets share with it: the engine (`vita_engine`) and its one registry
//! of backends and importers. Everything that reads files, runs programs or
//! prints is in the binary (`src/main.rs` and its modules).

pub use vita_engine as engine;
pub use vita_engine::registry;
