//! Interstice guest SDK for Rust, ABI version 1 (see `../../ABI.md`).
//!
//! No crates: a module includes this directory (`mod.rs`) as a module and provides a single
//! function at its crate root, `fn schema() -> Schema`, which declares the module and binds every
//! reducer and query to the Rust function that runs it. The SDK implements every export of the
//! ABI and dispatches the host's calls to those functions by their position in the schema.
//!
//! ```ignore
//! #[path = "../../wasm-sdk/rust/interstice/mod.rs"]
//! mod interstice;
//! use interstice::{Reader, Reducer, Schema, Table, TableId, Tx, Type};
//!
//! const NOTES: TableId = TableId(0); // tables are numbered in schema order
//!
//! fn schema() -> Schema {
//!     Schema::new("notes", 1)
//!         .table(Table::new("notes").column("id", Type::I64).column("text", Type::String)
//!             .primary_key("id").auto_increment())
//!         .reducer(Reducer::new("add", add).param("text", Type::String))
//! }
//!
//! fn add(tx: &Tx, args: &mut Reader<'_>) -> Result<(), String> {
//!     let text = args.get_str();
//!     if text.is_empty() {
//!         return Err("text must not be empty".to_string()); // status 1, the caller's message
//!     }
//!     tx.insert(NOTES, &(0i64, text))?; // a taken unique value refuses the call too
//!     Ok(())
//! }
//! ```
//!
//! Build a module with `build-module.sh` next to this directory (rustc for
//! `wasm32-unknown-unknown`, `-C panic=abort`: a panic logs its message through the host and
//! traps, which rolls back the transaction).
//!
//! **Memory.** Everything uses the standard allocator and is freed by ownership: the argument
//! buffer after the call, every buffer the host fills (rows, messages) when its [`Row`] drops,
//! the previous output when the next call replaces it. The host may reuse an instance for many
//! calls, so a module that leaks (`mem::forget`, ever-growing statics) grows until its memory
//! runs out and its calls trap. Statics work but hold no state: the host may run any call on a
//! fresh instance.
//!
//! **Layout.** One file per concern, all re-exported here so a module names everything as
//! `interstice::…`: `memory` (the allocator exports, [`Row`]), `reader` and `writer` (the row
//! encoding), `codec` ([`Encode`]/[`Decode`] over Rust values), `host` (the imports and their
//! safe wrappers [`View`], [`Tx`], [`Rows`]), `types` and `schema` (the schema builder) and
//! `exports` (the ABI's exports and the dispatch to the module's functions).
#![allow(dead_code)] // a module uses a part of the SDK; the rest is not dead, just unused there

mod codec;
mod exports;
mod host;
mod memory;
mod reader;
mod schema;
mod types;
mod writer;

pub use codec::{encode, Bytes, Decode, Encode};
pub use exports::{
    interstice_abi_version, interstice_call_query, interstice_call_reducer, interstice_describe,
    interstice_output,
};
pub use host::{log, Conflict, IndexId, ReducerId, Rows, TableId, Tx, View};
pub use memory::{interstice_alloc, interstice_free, Row};
pub use reader::Reader;
pub use schema::{Query, QueryFn, Reducer, ReducerFn, Schema, Table};
pub use types::{Event, IndexKind, Lifecycle, Persistence, Type, Visibility};
pub use writer::Writer;

/// The version of `ABI.md` this SDK follows.
pub const ABI_VERSION: i32 = 1;

/// Status of an import: done.
const OK: i32 = 0;
/// Status of an import: no such row, no more rows, no such schedule.
const NOT_FOUND: i32 = 1;
/// Status of an import: a primary key or unique value is taken (the message is in the out slot).
const TAKEN: i32 = 2;

/// Status of a reducer or query: refused, the message is the output.
const REFUSED: i32 = 1;
