//! The imports of module "interstice" and their safe wrappers: [`View`] for what queries and
//! reducers read, [`Tx`] for a reducer's writes and transaction services, [`Rows`] for the
//! host's iterators, and [`log`].

use std::fmt;
use std::ops::{Bound, Deref, RangeBounds};
use std::ptr;

use super::{encode, Encode, Row};
use super::{NOT_FOUND, OK, TAKEN};

/// The 8-byte out slot the host fills: `u32 ptr`, then `u32 len` (wasm32 pointers are 32 bits).
#[repr(C)]
struct Slot {
    ptr: *mut u8,
    len: usize,
}

impl Slot {
    fn empty() -> Slot {
        Slot {
            ptr: ptr::null_mut(),
            len: 0,
        }
    }

    /// Takes ownership of the buffer the host put in this slot.
    fn into_row(self) -> Row {
        // SAFETY: the host allocated `len` bytes with `interstice_alloc` and gave them to us.
        unsafe { Row::adopt(self.ptr, self.len) }
    }
}

/// The raw imports, with their exact wasm signatures (`u32`, `usize` and pointers are `i32`).
mod sys {
    use super::Slot;

    #[link(wasm_import_module = "interstice")]
    extern "C" {
        pub(super) fn table_insert(table: u32, row: *const u8, len: usize, out: *mut Slot) -> i32;
        pub(super) fn table_get_by_pk(
            table: u32,
            key: *const u8,
            len: usize,
            out: *mut Slot,
        ) -> i32;
        pub(super) fn table_update(table: u32, row: *const u8, len: usize, out: *mut Slot) -> i32;
        pub(super) fn table_delete(table: u32, key: *const u8, len: usize) -> i32;
        pub(super) fn table_scan(table: u32) -> i32;
        pub(super) fn index_lookup(table: u32, index: u32, key: *const u8, len: usize) -> i32;
        pub(super) fn index_range(
            table: u32,
            index: u32,
            from: *const u8,
            from_len: usize,
            to: *const u8,
            to_len: usize,
        ) -> i32;
        pub(super) fn iter_next(iter: i32, out: *mut Slot) -> i32;
        pub(super) fn iter_close(iter: i32);
        pub(super) fn log(text: *const u8, len: usize);
        pub(super) fn timestamp_micros() -> i64;
        pub(super) fn random_u64() -> i64;
        pub(super) fn caller(out: *mut Slot);
        pub(super) fn schedule(
            reducer: u32,
            delay_micros: i64,
            interval_micros: i64,
            args: *const u8,
            len: usize,
        ) -> i64;
        pub(super) fn cancel_schedule(id: i64) -> i32;
        pub(super) fn call(
            module: *const u8,
            module_len: usize,
            reducer: *const u8,
            reducer_len: usize,
            args_json: *const u8,
            args_json_len: usize,
        );
    }
}

/// A pointer the host accepts for a buffer of `bytes.len()` bytes (null for an empty one).
fn ptr_of(bytes: &[u8]) -> *const u8 {
    if bytes.is_empty() {
        ptr::null()
    } else {
        bytes.as_ptr()
    }
}

// ---- tables, indexes and the other imports --------------------------------------------------

/// A table of this module, by its position in the schema (from 0).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TableId(pub u32);

/// An index of a table, by its position in that table's indexes (from 0; the primary key is not
/// an index).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct IndexId(pub TableId, pub u32);

/// A reducer of this module, by its position in the schema (from 0), for [`Tx::schedule`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReducerId(pub u32);

/// A primary key or unique value is already taken; the host's message says which. Converts to
/// `String`, so `tx.insert(..)?` in a reducer refuses the call with that message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Conflict(pub String);

impl fmt::Display for Conflict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<Conflict> for String {
    fn from(conflict: Conflict) -> String {
        conflict.0
    }
}

/// Panics on a status no import of ABI version 1 returns.
fn unexpected(import: &str, status: i32) -> ! {
    panic!("import {import} returned unknown status {status}")
}

/// Writes a line to the module's log (tagged by the host with module, reducer and transaction).
pub fn log(text: &str) {
    // SAFETY: the host reads `len` bytes at `ptr` during the call.
    unsafe { sys::log(ptr_of(text.as_bytes()), text.len()) }
}

/// Rows in order from an iterator of the host; closes it when dropped.
pub struct Rows {
    iter: i32,
}

impl Iterator for Rows {
    type Item = Row;

    fn next(&mut self) -> Option<Row> {
        let mut slot = Slot::empty();
        // SAFETY: `slot` is a valid out slot for the host to fill.
        match unsafe { sys::iter_next(self.iter, &mut slot) } {
            OK => Some(slot.into_row()),
            NOT_FOUND => None,
            status => unexpected("iter_next", status),
        }
    }
}

impl Drop for Rows {
    fn drop(&mut self) {
        // SAFETY: the handle came from the host and is closed once.
        unsafe { sys::iter_close(self.iter) }
    }
}

/// The encoding of one side of an index range: a key, or empty for an unbounded side.
fn range_side<K: Encode>(side: Bound<&K>, inclusive: bool) -> Vec<u8> {
    match side {
        Bound::Unbounded => Vec::new(),
        Bound::Included(key) if inclusive => encode(key),
        Bound::Excluded(key) if !inclusive => encode(key),
        _ => panic!("an index range is from <= key < to: use from..to, from.., ..to or .."),
    }
}

/// What queries and reducers read: committed rows for a query, the transaction's for a reducer.
/// Keys are values (`&7i64`) or tuples of them for a key of several columns.
pub struct View {
    pub(super) _private: (),
}

impl View {
    /// The row with this primary key.
    pub fn get<K: Encode + ?Sized>(&self, table: TableId, key: &K) -> Option<Row> {
        let key = encode(key);
        let mut slot = Slot::empty();
        // SAFETY: the key buffer lives during the call; `slot` is a valid out slot.
        match unsafe { sys::table_get_by_pk(table.0, ptr_of(&key), key.len(), &mut slot) } {
            OK => Some(slot.into_row()),
            NOT_FOUND => None,
            status => unexpected("table_get_by_pk", status),
        }
    }

    /// Every row of the table in primary key order.
    pub fn scan(&self, table: TableId) -> Rows {
        // SAFETY: a plain call with integers.
        Rows {
            iter: unsafe { sys::table_scan(table.0) },
        }
    }

    /// The rows whose index key equals `key`, in primary key order.
    pub fn lookup<K: Encode + ?Sized>(&self, index: IndexId, key: &K) -> Rows {
        let key = encode(key);
        // SAFETY: the key buffer lives during the call.
        Rows {
            iter: unsafe { sys::index_lookup(index.0 .0, index.1, ptr_of(&key), key.len()) },
        }
    }

    /// The rows of a btree index with a key in `range`, in index order. The ABI has `from <= key
    /// < to` with either side open, so `range` is `from..to`, `from..`, `..to` or `..` (which
    /// needs the key type: `view.range::<i64, _>(index, ..)`); other bounds panic.
    pub fn range<K: Encode, R: RangeBounds<K>>(&self, index: IndexId, range: R) -> Rows {
        let from = range_side(range.start_bound(), true);
        let to = range_side(range.end_bound(), false);
        // SAFETY: both buffers live during the call.
        let iter = unsafe {
            sys::index_range(
                index.0 .0,
                index.1,
                ptr_of(&from),
                from.len(),
                ptr_of(&to),
                to.len(),
            )
        };
        Rows { iter }
    }

    /// The caller's identity: a client identity, or `module:<name>` for another module.
    pub fn caller(&self) -> String {
        let mut slot = Slot::empty();
        // SAFETY: `slot` is a valid out slot.
        unsafe { sys::caller(&mut slot) };
        slot.into_row().into_string()
    }
}

/// A reducer's transaction: everything a [`View`] reads, the writes, and the transaction's clock,
/// random numbers, schedules and calls. All of it takes effect only if the reducer returns `Ok`.
pub struct Tx {
    pub(super) view: View,
}

impl Deref for Tx {
    type Target = View;

    fn deref(&self) -> &View {
        &self.view
    }
}

impl Tx {
    /// Inserts a row (a tuple of its columns); returns it as stored, with the generated key of an
    /// auto-increment table (whose given key is ignored).
    pub fn insert<R: Encode + ?Sized>(&self, table: TableId, row: &R) -> Result<Row, Conflict> {
        let row = encode(row);
        let mut slot = Slot::empty();
        // SAFETY: the row buffer lives during the call; `slot` is a valid out slot.
        match unsafe { sys::table_insert(table.0, ptr_of(&row), row.len(), &mut slot) } {
            OK => Ok(slot.into_row()),
            TAKEN => Err(Conflict(slot.into_row().into_string())),
            status => unexpected("table_insert", status),
        }
    }

    /// Replaces the row with the same primary key; returns it as stored, or `None` when there is
    /// no such row.
    pub fn update<R: Encode + ?Sized>(
        &self,
        table: TableId,
        row: &R,
    ) -> Result<Option<Row>, Conflict> {
        let row = encode(row);
        let mut slot = Slot::empty();
        // SAFETY: the row buffer lives during the call; `slot` is a valid out slot.
        match unsafe { sys::table_update(table.0, ptr_of(&row), row.len(), &mut slot) } {
            OK => Ok(Some(slot.into_row())),
            NOT_FOUND => Ok(None),
            TAKEN => Err(Conflict(slot.into_row().into_string())),
            status => unexpected("table_update", status),
        }
    }

    /// Deletes the row with this primary key; `false` when there is none.
    pub fn delete<K: Encode + ?Sized>(&self, table: TableId, key: &K) -> bool {
        let key = encode(key);
        // SAFETY: the key buffer lives during the call.
        match unsafe { sys::table_delete(table.0, ptr_of(&key), key.len()) } {
            OK => true,
            NOT_FOUND => false,
            status => unexpected("table_delete", status),
        }
    }

    /// The transaction's timestamp in microseconds since 1970-01-01 UTC, fixed for the call.
    pub fn timestamp_micros(&self) -> i64 {
        // SAFETY: a plain call.
        unsafe { sys::timestamp_micros() }
    }

    /// The next 64 bits of the transaction's random generator (seeded per transaction).
    pub fn random_u64(&self) -> u64 {
        // SAFETY: a plain call.
        unsafe { sys::random_u64() as u64 }
    }

    /// Schedules a reducer of this module with `args` (a tuple of its parameters, `&()` for
    /// none) `delay_micros` after the transaction's timestamp, then every `interval_micros` if
    /// that is > 0. Returns the schedule's id.
    pub fn schedule<A: Encode + ?Sized>(
        &self,
        reducer: ReducerId,
        delay_micros: i64,
        interval_micros: i64,
        args: &A,
    ) -> i64 {
        let args = encode(args);
        // SAFETY: the argument buffer lives during the call.
        unsafe {
            sys::schedule(
                reducer.0,
                delay_micros,
                interval_micros,
                ptr_of(&args),
                args.len(),
            )
        }
    }

    /// Cancels a schedule; `false` when there is no such schedule.
    pub fn cancel_schedule(&self, id: i64) -> bool {
        // SAFETY: a plain call.
        match unsafe { sys::cancel_schedule(id) } {
            OK => true,
            NOT_FOUND => false,
            status => unexpected("cancel_schedule", status),
        }
    }

    /// Calls a public reducer of another module once this transaction commits, with its
    /// arguments as a JSON array (`["alice", 100]`).
    pub fn call(&self, module: &str, reducer: &str, args_json: &str) {
        // SAFETY: the three buffers live during the call.
        unsafe {
            sys::call(
                ptr_of(module.as_bytes()),
                module.len(),
                ptr_of(reducer.as_bytes()),
                reducer.len(),
                ptr_of(args_json.as_bytes()),
                args_json.len(),
            );
        }
    }
}
