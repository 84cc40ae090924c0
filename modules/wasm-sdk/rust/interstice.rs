//! Interstice guest SDK for Rust, ABI version 1 (see `../ABI.md`).
//!
//! One file, no crates: a module includes it and provides a single function at its crate root,
//! `fn schema() -> Schema`, which declares the module and binds every reducer and query to the
//! Rust function that runs it. The SDK implements every export of the ABI and dispatches the
//! host's calls to those functions by their position in the schema.
//!
//! ```ignore
//! #[path = "../../wasm-sdk/rust/interstice.rs"]
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
//! Build a module with `build-module.sh` next to this file (rustc for `wasm32-unknown-unknown`,
//! `-C panic=abort`: a panic logs its message through the host and traps, which rolls back the
//! transaction).
//!
//! **Memory.** Everything uses the standard allocator and is freed by ownership: the argument
//! buffer after the call, every buffer the host fills (rows, messages) when its [`Row`] drops,
//! the previous output when the next call replaces it. The host may reuse an instance for many
//! calls, so a module that leaks (`mem::forget`, ever-growing statics) grows until its memory
//! runs out and its calls trap. Statics work but hold no state: the host may run any call on a
//! fresh instance.
#![allow(dead_code)] // a module uses a part of the SDK; the rest is not dead, just unused there

use std::alloc::{self, Layout};
use std::cell::RefCell;
use std::fmt;
use std::ops::{Bound, Deref, RangeBounds};
use std::ptr;

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

// ---- imports from module "interstice" -------------------------------------------------------

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

// ---- memory ---------------------------------------------------------------------------------

/// The alignment the ABI promises for `interstice_alloc`.
const ALIGN: usize = 8;

fn layout(size: usize) -> Option<Layout> {
    Layout::from_size_align(size, ALIGN).ok()
}

/// Bytes the host wrote into guest memory (a row, a key, a message, the arguments of a call),
/// owned by the guest and freed when dropped. Read them as a slice (`Deref<Target = [u8]>`),
/// with [`Row::reader`] or, whole, with [`Row::decode`].
pub struct Row {
    ptr: *mut u8,
    len: usize,
}

impl Row {
    /// Owns a buffer from `interstice_alloc(len)`; `len` 0 owns nothing (the host passes null).
    ///
    /// # Safety
    /// `ptr` must come from `interstice_alloc(len)` and be owned by no one else.
    unsafe fn adopt(ptr: *mut u8, len: usize) -> Row {
        Row { ptr, len }
    }

    /// A reader at the start of these bytes.
    pub fn reader(&self) -> Reader<'_> {
        Reader::new(self)
    }

    /// Decodes the bytes as one `T` (a row as a tuple of its columns, a key as its value);
    /// traps on bytes left over.
    pub fn decode<T: Decode>(&self) -> T {
        let mut reader = self.reader();
        let value = T::decode(&mut reader);
        reader.end();
        value
    }

    /// The bytes as text (messages and caller identities are UTF-8).
    fn into_string(self) -> String {
        String::from_utf8(self.to_vec()).expect("the host sent text that is not UTF-8")
    }
}

impl Deref for Row {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        if self.len == 0 {
            &[]
        } else {
            // SAFETY: `adopt` received `len` initialised bytes at `ptr`, owned by this row.
            unsafe { std::slice::from_raw_parts(self.ptr, self.len) }
        }
    }
}

impl Drop for Row {
    fn drop(&mut self) {
        // SAFETY: `adopt` received a buffer of `len` bytes from `interstice_alloc`, owned by this
        // row alone.
        unsafe { interstice_free(self.ptr, self.len) }
    }
}

impl fmt::Debug for Row {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Row({:02x?})", &self[..])
    }
}

/// Export: a fresh buffer of `size` bytes, 8-byte aligned; null when memory is exhausted.
#[no_mangle]
pub extern "C" fn interstice_alloc(size: usize) -> *mut u8 {
    if size == 0 {
        return ALIGN as *mut u8; // never dereferenced nor freed: the host allocates no 0 bytes
    }
    match layout(size) {
        // SAFETY: the layout has a non-zero size.
        Some(layout) => unsafe { alloc::alloc(layout) },
        None => ptr::null_mut(),
    }
}

/// Export: gives back a buffer from `interstice_alloc(size)`.
///
/// # Safety
/// `ptr` must come from `interstice_alloc(size)` and not be used afterwards.
#[no_mangle]
pub unsafe extern "C" fn interstice_free(ptr: *mut u8, size: usize) {
    if size == 0 || ptr.is_null() {
        return;
    }
    if let Some(layout) = layout(size) {
        alloc::dealloc(ptr, layout);
    }
}

// ---- reading values in the row encoding -----------------------------------------------------

/// Reads values in the row encoding (`docs/row-encoding.md`) from a byte slice, in order.
///
/// Reads panic, and so trap, on bytes that do not fit: the host checks arguments and rows
/// against the schema, so a mismatch is a bug in the module (reading the wrong types).
pub struct Reader<'a> {
    data: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    /// A reader at the start of `data`.
    pub fn new(data: &'a [u8]) -> Reader<'a> {
        Reader { data, pos: 0 }
    }

    /// How many bytes are left.
    pub fn remaining(&self) -> usize {
        self.data.len() - self.pos
    }

    /// Panics if bytes are left (the SDK checks this after a reducer or query returns `Ok`).
    pub fn end(&self) {
        assert!(
            self.remaining() == 0,
            "row encoding: {} bytes left over at offset {}",
            self.remaining(),
            self.pos
        );
    }

    fn take(&mut self, n: usize) -> &'a [u8] {
        assert!(
            n <= self.remaining(),
            "row encoding: needs {} bytes at offset {}, {} left",
            n,
            self.pos,
            self.remaining()
        );
        let bytes = &self.data[self.pos..self.pos + n];
        self.pos += n;
        bytes
    }

    fn take_array<const N: usize>(&mut self) -> [u8; N] {
        let mut array = [0; N];
        array.copy_from_slice(self.take(N));
        array
    }

    fn get_u8(&mut self) -> u8 {
        self.take(1)[0]
    }

    /// Any value `T` implements [`Decode`] for: `args.get::<i64>()`, `row.get::<(i64, String)>()`.
    pub fn get<T: Decode>(&mut self) -> T {
        T::decode(self)
    }

    pub fn get_bool(&mut self) -> bool {
        match self.get_u8() {
            0 => false,
            1 => true,
            other => panic!("row encoding: invalid bool byte {other:#04x}"),
        }
    }

    pub fn get_i32(&mut self) -> i32 {
        i32::from_le_bytes(self.take_array())
    }

    /// An `i32` value read as its unsigned bits.
    pub fn get_u32(&mut self) -> u32 {
        u32::from_le_bytes(self.take_array())
    }

    pub fn get_i64(&mut self) -> i64 {
        i64::from_le_bytes(self.take_array())
    }

    /// An `i64` value read as its unsigned bits.
    pub fn get_u64(&mut self) -> u64 {
        u64::from_le_bytes(self.take_array())
    }

    pub fn get_f32(&mut self) -> f32 {
        f32::from_bits(self.get_u32())
    }

    pub fn get_f64(&mut self) -> f64 {
        f64::from_bits(self.get_u64())
    }

    /// An unsigned LEB128 varint (a length, a count or an enum variant index).
    pub fn get_varint(&mut self) -> u32 {
        let mut value: u32 = 0;
        for shift in (0..35).step_by(7) {
            let byte = self.get_u8();
            value |= u32::from(byte & 0x7f) << shift;
            if byte & 0x80 == 0 {
                return value;
            }
        }
        panic!(
            "row encoding: varint longer than 5 bytes before offset {}",
            self.pos
        )
    }

    /// A `string`, borrowed from the bytes being read.
    pub fn get_str(&mut self) -> &'a str {
        let bytes = self.get_bytes();
        std::str::from_utf8(bytes).expect("row encoding: a string that is not UTF-8")
    }

    /// A `string`, copied.
    pub fn get_string(&mut self) -> String {
        self.get_str().to_string()
    }

    /// A `bytes` value, borrowed from the bytes being read.
    pub fn get_bytes(&mut self) -> &'a [u8] {
        let len = self.get_varint() as usize;
        self.take(len)
    }

    /// An `option<T>`, reading the value with `read` when it is present.
    pub fn get_option<T>(&mut self, read: impl FnOnce(&mut Self) -> T) -> Option<T> {
        match self.get_u8() {
            0 => None,
            1 => Some(read(self)),
            other => panic!("row encoding: invalid option tag {other:#04x}"),
        }
    }

    /// A `list<T>`, reading each element with `read`.
    pub fn get_list<T>(&mut self, mut read: impl FnMut(&mut Self) -> T) -> Vec<T> {
        let count = self.get_varint() as usize;
        // every value takes at least one byte, so a larger count is damage, not a big list
        assert!(
            count <= self.remaining(),
            "row encoding: list of {} values in {} bytes",
            count,
            self.remaining()
        );
        (0..count).map(|_| read(self)).collect()
    }

    /// The 0-based variant index of an `enum`.
    pub fn get_variant(&mut self) -> u32 {
        self.get_varint()
    }
}

// ---- writing values in the row encoding -----------------------------------------------------

/// Writes values in the row encoding, in order; the `put_*` methods chain:
/// `Writer::new().put_i64(1).put_str("al")`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Writer {
    bytes: Vec<u8>,
}

impl Writer {
    pub fn new() -> Writer {
        Writer::default()
    }

    /// The bytes written so far.
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes
    }

    pub fn into_bytes(self) -> Vec<u8> {
        self.bytes
    }

    /// Any value `T` implements [`Encode`] for: `w.put(&(1i64, "al", Some(5i64)))`.
    pub fn put<T: Encode + ?Sized>(&mut self, value: &T) -> &mut Self {
        value.encode(self);
        self
    }

    /// Bytes already in the row encoding, copied as they are.
    pub fn put_raw(&mut self, bytes: &[u8]) -> &mut Self {
        self.bytes.extend_from_slice(bytes);
        self
    }

    pub fn put_bool(&mut self, value: bool) -> &mut Self {
        self.bytes.push(u8::from(value));
        self
    }

    pub fn put_i32(&mut self, value: i32) -> &mut Self {
        self.put_raw(&value.to_le_bytes())
    }

    /// A `u32` as the bits of an `i32` value.
    pub fn put_u32(&mut self, value: u32) -> &mut Self {
        self.put_raw(&value.to_le_bytes())
    }

    pub fn put_i64(&mut self, value: i64) -> &mut Self {
        self.put_raw(&value.to_le_bytes())
    }

    /// A `u64` as the bits of an `i64` value.
    pub fn put_u64(&mut self, value: u64) -> &mut Self {
        self.put_raw(&value.to_le_bytes())
    }

    /// An `f32`; every NaN is written as the canonical `0x7fc00000`.
    pub fn put_f32(&mut self, value: f32) -> &mut Self {
        let bits = if value.is_nan() {
            0x7fc0_0000
        } else {
            value.to_bits()
        };
        self.put_u32(bits)
    }

    /// An `f64`; every NaN is written as the canonical `0x7ff8000000000000`.
    pub fn put_f64(&mut self, value: f64) -> &mut Self {
        let bits = if value.is_nan() {
            0x7ff8_0000_0000_0000
        } else {
            value.to_bits()
        };
        self.put_u64(bits)
    }

    /// An unsigned LEB128 varint; panics above 2^31 - 1, the largest the encoding allows.
    pub fn put_varint(&mut self, value: u32) -> &mut Self {
        assert!(
            i32::try_from(value).is_ok(),
            "row encoding: varint {value} is above 2^31 - 1"
        );
        let mut rest = value;
        while rest >= 0x80 {
            self.bytes.push((rest as u8) | 0x80);
            rest >>= 7;
        }
        self.bytes.push(rest as u8);
        self
    }

    fn put_len(&mut self, len: usize) -> &mut Self {
        let len = u32::try_from(len).expect("row encoding: length above 2^31 - 1");
        self.put_varint(len)
    }

    pub fn put_str(&mut self, value: &str) -> &mut Self {
        self.put_bytes(value.as_bytes())
    }

    /// A `bytes` value.
    pub fn put_bytes(&mut self, value: &[u8]) -> &mut Self {
        self.put_len(value.len()).put_raw(value)
    }

    /// An absent `option<T>`.
    pub fn put_none(&mut self) -> &mut Self {
        self.bytes.push(0);
        self
    }

    /// The tag of a present `option<T>`: put the value next.
    pub fn put_some(&mut self) -> &mut Self {
        self.bytes.push(1);
        self
    }

    /// An `option<T>`, writing a present value with `write`.
    pub fn put_option<T>(
        &mut self,
        value: Option<T>,
        write: impl FnOnce(&mut Self, T),
    ) -> &mut Self {
        match value {
            None => self.put_none(),
            Some(value) => {
                self.put_some();
                write(self, value);
                self
            }
        }
    }

    /// A `list<T>`, writing each element with `write`.
    pub fn put_list<I>(&mut self, items: I, mut write: impl FnMut(&mut Self, I::Item)) -> &mut Self
    where
        I: IntoIterator,
        I::IntoIter: ExactSizeIterator,
    {
        let items = items.into_iter();
        self.put_len(items.len());
        for item in items {
            write(self, item);
        }
        self
    }

    /// The 0-based variant index of an `enum`.
    pub fn put_variant(&mut self, index: u32) -> &mut Self {
        self.put_varint(index)
    }
}

/// The row encoding of `value`: `encode(&(1i64, "al"))` is a row of two columns or a value list.
pub fn encode<T: Encode + ?Sized>(value: &T) -> Vec<u8> {
    let mut writer = Writer::new();
    writer.put(value);
    writer.into_bytes()
}

/// A Rust value with a row encoding. A tuple encodes as its elements one after the other, which
/// is the encoding of a row, of a value list (arguments, an index key) and of a `struct`.
///
/// | Rust | encoded as |
/// |---|---|
/// | `bool`, `i32`, `u32`, `i64`, `u64`, `f32`, `f64` | the type of that name (unsigned as the signed type's bits) |
/// | `str`, `String` | `string` |
/// | [`Bytes`] | `bytes` |
/// | `Option<T>` | `option<T>` (`T` not itself an `Option`) |
/// | `[T]`, `Vec<T>` | `list<T>` |
/// | tuples up to 8, `()` | their elements in order: a row, a value list or a `struct` |
pub trait Encode {
    fn encode(&self, writer: &mut Writer);
}

/// A Rust value that can be read from the row encoding (the types of [`Encode`], owned).
pub trait Decode: Sized {
    fn decode(reader: &mut Reader<'_>) -> Self;
}

/// A `bytes` value (a `Vec<u8>` would be a `list` of something).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Bytes(pub Vec<u8>);

macro_rules! scalar_codec {
    ($($ty:ty => $put:ident, $get:ident;)+) => {$(
        impl Encode for $ty {
            fn encode(&self, writer: &mut Writer) {
                writer.$put(*self);
            }
        }

        impl Decode for $ty {
            fn decode(reader: &mut Reader<'_>) -> Self {
                reader.$get()
            }
        }
    )+};
}

scalar_codec! {
    bool => put_bool, get_bool;
    i32 => put_i32, get_i32;
    u32 => put_u32, get_u32;
    i64 => put_i64, get_i64;
    u64 => put_u64, get_u64;
    f32 => put_f32, get_f32;
    f64 => put_f64, get_f64;
}

impl Encode for str {
    fn encode(&self, writer: &mut Writer) {
        writer.put_str(self);
    }
}

impl Encode for String {
    fn encode(&self, writer: &mut Writer) {
        writer.put_str(self);
    }
}

impl Decode for String {
    fn decode(reader: &mut Reader<'_>) -> Self {
        reader.get_string()
    }
}

impl Encode for Bytes {
    fn encode(&self, writer: &mut Writer) {
        writer.put_bytes(&self.0);
    }
}

impl Decode for Bytes {
    fn decode(reader: &mut Reader<'_>) -> Self {
        Bytes(reader.get_bytes().to_vec())
    }
}

impl<T: Encode> Encode for Option<T> {
    fn encode(&self, writer: &mut Writer) {
        writer.put_option(self.as_ref(), |w, value| value.encode(w));
    }
}

impl<T: Decode> Decode for Option<T> {
    fn decode(reader: &mut Reader<'_>) -> Self {
        reader.get_option(T::decode)
    }
}

impl<T: Encode> Encode for [T] {
    fn encode(&self, writer: &mut Writer) {
        writer.put_list(self, |w, value| value.encode(w));
    }
}

impl<T: Encode> Encode for Vec<T> {
    fn encode(&self, writer: &mut Writer) {
        self.as_slice().encode(writer);
    }
}

impl<T: Decode> Decode for Vec<T> {
    fn decode(reader: &mut Reader<'_>) -> Self {
        reader.get_list(T::decode)
    }
}

impl<T: Encode + ?Sized> Encode for &T {
    fn encode(&self, writer: &mut Writer) {
        (**self).encode(writer);
    }
}

impl Encode for () {
    fn encode(&self, _writer: &mut Writer) {}
}

impl Decode for () {
    fn decode(_reader: &mut Reader<'_>) -> Self {}
}

macro_rules! tuple_codec {
    ($($name:ident)+) => {
        impl<$($name: Encode),+> Encode for ($($name,)+) {
            #[allow(non_snake_case)] // the element bindings reuse the type parameters' names
            fn encode(&self, writer: &mut Writer) {
                let ($($name,)+) = self;
                $($name.encode(writer);)+
            }
        }

        impl<$($name: Decode),+> Decode for ($($name,)+) {
            fn decode(reader: &mut Reader<'_>) -> Self {
                ($($name::decode(reader),)+)
            }
        }
    };
}

tuple_codec!(A);
tuple_codec!(A B);
tuple_codec!(A B C);
tuple_codec!(A B C D);
tuple_codec!(A B C D E);
tuple_codec!(A B C D E F);
tuple_codec!(A B C D E F G);
tuple_codec!(A B C D E F G H);

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
    _private: (),
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
    view: View,
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

// ---- the schema, in the SchemaCodec encoding (docs/schema-encoding.md) ----------------------

/// A value type of a column, parameter or query result.
#[derive(Clone, Debug, PartialEq)]
pub enum Type {
    Bool,
    I32,
    I64,
    F32,
    F64,
    String,
    Bytes,
    /// `option<T>`; `T` must not itself be an option.
    Option(Box<Type>),
    List(Box<Type>),
    /// At least one field, each with a distinct name.
    Struct(Vec<(&'static str, Type)>),
    /// At least one variant, each with a distinct name.
    Enum(Vec<&'static str>),
}

impl Type {
    pub fn option(of: Type) -> Type {
        Type::Option(Box::new(of))
    }

    pub fn list(of: Type) -> Type {
        Type::List(Box::new(of))
    }

    pub fn structure(fields: &[(&'static str, Type)]) -> Type {
        Type::Struct(fields.to_vec())
    }

    pub fn enumeration(variants: &[&'static str]) -> Type {
        Type::Enum(variants.to_vec())
    }

    fn write(&self, w: &mut Writer) {
        match self {
            Type::Bool => w.put_raw(&[1]),
            Type::I32 => w.put_raw(&[2]),
            Type::I64 => w.put_raw(&[3]),
            Type::F32 => w.put_raw(&[4]),
            Type::F64 => w.put_raw(&[5]),
            Type::String => w.put_raw(&[6]),
            Type::Bytes => w.put_raw(&[7]),
            Type::Option(of) => {
                w.put_raw(&[8]);
                of.write(w);
                w
            }
            Type::List(of) => {
                w.put_raw(&[9]);
                of.write(w);
                w
            }
            Type::Struct(fields) => w.put_raw(&[10]).put_list(fields, |w, (name, ty)| {
                w.put_str(name);
                ty.write(w);
            }),
            Type::Enum(variants) => w.put_raw(&[11]).put_list(variants, |w, name| {
                w.put_str(name);
            }),
        };
    }
}

/// Who may call a reducer or query, or read a table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Visibility {
    Public = 0,
    Private = 1,
}

/// Whether a table's changes go to the log or live only in memory.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Persistence {
    Logged = 0,
    Ephemeral = 1,
}

/// The structure of an index; only btree indexes answer [`View::range`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IndexKind {
    BTree = 0,
    Hash = 1,
}

/// When the host runs a reducer by itself: `Init` at the first deploy, `Upgrade` at an upgrade.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lifecycle {
    None = 0,
    Init = 1,
    Upgrade = 2,
}

/// The table change a subscription reacts to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Event {
    Insert = 0,
    Update = 1,
    Delete = 2,
}

/// The function that runs a reducer: its arguments are read from `args` in parameter order (the
/// SDK checks that none are left); `Err(message)` refuses the call with that message.
pub type ReducerFn = fn(tx: &Tx, args: &mut Reader<'_>) -> Result<(), String>;

/// The function that runs a query: it writes its result (of the query's result type) to `out`;
/// `Err(message)` refuses the call with that message.
pub type QueryFn = fn(view: &View, args: &mut Reader<'_>, out: &mut Writer) -> Result<(), String>;

/// A module's schema, built with chained calls; `fn schema() -> Schema` at the module's crate
/// root returns it. Names follow `[a-z][a-z0-9_]*` (at most 64 characters); the host checks the
/// whole schema at deploy and refuses the module with the reasons.
pub struct Schema {
    name: &'static str,
    version: u32,
    visibility: Visibility,
    tables: Vec<Table>,
    reducers: Vec<Reducer>,
    queries: Vec<Query>,
    subscriptions: Vec<Subscription>,
}

impl Schema {
    /// A public module with no tables, reducers or queries yet.
    pub fn new(name: &'static str, version: u32) -> Schema {
        Schema {
            name,
            version,
            visibility: Visibility::Public,
            tables: Vec::new(),
            reducers: Vec::new(),
            queries: Vec::new(),
            subscriptions: Vec::new(),
        }
    }

    pub fn private(mut self) -> Schema {
        self.visibility = Visibility::Private;
        self
    }

    /// Adds the next table: the first is `TableId(0)`.
    pub fn table(mut self, table: Table) -> Schema {
        self.tables.push(table);
        self
    }

    /// Adds the next reducer: the first is `ReducerId(0)`.
    pub fn reducer(mut self, reducer: Reducer) -> Schema {
        self.reducers.push(reducer);
        self
    }

    pub fn query(mut self, query: Query) -> Schema {
        self.queries.push(query);
        self
    }

    /// Runs reducer `reducer` of this module after each `event` on `table` of `module`.
    pub fn subscribe(
        mut self,
        module: &'static str,
        table: &'static str,
        event: Event,
        reducer: &'static str,
    ) -> Schema {
        self.subscriptions.push(Subscription {
            module,
            table,
            event,
            reducer,
        });
        self
    }

    /// The schema in the `SchemaCodec` layout (what `interstice_describe` returns).
    pub fn encode(&self) -> Vec<u8> {
        let mut w = Writer::new();
        w.put_raw(b"ISCH").put_raw(&[1, 0]); // magic, format version 1 as u16 little-endian
        w.put_str(self.name)
            .put_varint(self.version)
            .put_raw(&[self.visibility as u8]);
        w.put_list(&self.tables, |w, table| table.write(w));
        w.put_list(&self.reducers, |w, reducer| reducer.write(w));
        w.put_list(&self.queries, |w, query| query.write(w));
        w.put_list(&self.subscriptions, |w, subscription| subscription.write(w));
        w.into_bytes()
    }
}

/// Writes a parameter list: count, then name and type of each.
fn write_params(w: &mut Writer, params: &[(&'static str, Type)]) {
    w.put_list(params, |w, (name, ty)| {
        w.put_str(name);
        ty.write(w);
    });
}

struct Column {
    name: &'static str,
    ty: Type,
    default: Option<Vec<u8>>,
}

struct IndexDef {
    name: &'static str,
    columns: Vec<&'static str>,
    kind: IndexKind,
    unique: bool,
}

/// A table: its columns in order, a primary key, indexes (numbered from 0 in the order added).
/// Logged and public unless told otherwise.
pub struct Table {
    name: &'static str,
    columns: Vec<Column>,
    primary_key: Option<&'static str>,
    auto_increment: bool,
    indexes: Vec<IndexDef>,
    persistence: Persistence,
    visibility: Visibility,
}

impl Table {
    pub fn new(name: &'static str) -> Table {
        Table {
            name,
            columns: Vec::new(),
            primary_key: None,
            auto_increment: false,
            indexes: Vec::new(),
            persistence: Persistence::Logged,
            visibility: Visibility::Public,
        }
    }

    pub fn column(mut self, name: &'static str, ty: Type) -> Table {
        self.columns.push(Column {
            name,
            ty,
            default: None,
        });
        self
    }

    /// A column with a default value (encoded with [`Encode`], so it must match `ty`), used for
    /// rows written before the column existed.
    pub fn column_with_default<T: Encode>(
        mut self,
        name: &'static str,
        ty: Type,
        default: T,
    ) -> Table {
        self.columns.push(Column {
            name,
            ty,
            default: Some(encode(&default)),
        });
        self
    }

    pub fn primary_key(mut self, column: &'static str) -> Table {
        self.primary_key = Some(column);
        self
    }

    /// The host generates the primary key of inserted rows (an `i64` column).
    pub fn auto_increment(mut self) -> Table {
        self.auto_increment = true;
        self
    }

    /// Adds the next index over `columns`: the first is `IndexId(table, 0)`.
    pub fn index(mut self, name: &'static str, kind: IndexKind, columns: &[&'static str]) -> Table {
        self.indexes.push(IndexDef {
            name,
            columns: columns.to_vec(),
            kind,
            unique: false,
        });
        self
    }

    /// Adds the next index, refusing two rows with the same key.
    pub fn unique_index(
        mut self,
        name: &'static str,
        kind: IndexKind,
        columns: &[&'static str],
    ) -> Table {
        self.indexes.push(IndexDef {
            name,
            columns: columns.to_vec(),
            kind,
            unique: true,
        });
        self
    }

    pub fn ephemeral(mut self) -> Table {
        self.persistence = Persistence::Ephemeral;
        self
    }

    pub fn private(mut self) -> Table {
        self.visibility = Visibility::Private;
        self
    }

    /// The position of a column; panics (the deploy fails) for an unknown name.
    fn position(&self, column: &str) -> u32 {
        match self.columns.iter().position(|c| c.name == column) {
            Some(position) => position as u32,
            None => panic!("table {} has no column {column}", self.name),
        }
    }

    fn write(&self, w: &mut Writer) {
        w.put_str(self.name);
        w.put_list(&self.columns, |w, column| {
            w.put_str(column.name);
            column.ty.write(w);
            match &column.default {
                None => w.put_bool(false),
                Some(value) => w.put_bool(true).put_raw(value),
            };
        });
        let key = self
            .primary_key
            .map_or(0, |column| self.position(column) + 1);
        w.put_varint(key).put_bool(self.auto_increment);
        w.put_list(&self.indexes, |w, index| {
            w.put_str(index.name);
            w.put_list(&index.columns, |w, column| {
                w.put_varint(self.position(column));
            });
            w.put_raw(&[index.kind as u8]).put_bool(index.unique);
        });
        w.put_raw(&[self.persistence as u8, self.visibility as u8]);
    }
}

/// A reducer and the function that runs it. Public, with no lifecycle, unless told otherwise.
pub struct Reducer {
    name: &'static str,
    params: Vec<(&'static str, Type)>,
    visibility: Visibility,
    lifecycle: Lifecycle,
    run: ReducerFn,
}

impl Reducer {
    pub fn new(name: &'static str, run: ReducerFn) -> Reducer {
        Reducer {
            name,
            params: Vec::new(),
            visibility: Visibility::Public,
            lifecycle: Lifecycle::None,
            run,
        }
    }

    /// Adds the next parameter.
    pub fn param(mut self, name: &'static str, ty: Type) -> Reducer {
        self.params.push((name, ty));
        self
    }

    /// Only the host and this module may run it.
    pub fn private(mut self) -> Reducer {
        self.visibility = Visibility::Private;
        self
    }

    pub fn lifecycle(mut self, lifecycle: Lifecycle) -> Reducer {
        self.lifecycle = lifecycle;
        self
    }

    fn write(&self, w: &mut Writer) {
        w.put_str(self.name);
        write_params(w, &self.params);
        w.put_raw(&[self.visibility as u8, self.lifecycle as u8]);
    }
}

/// A query, its result type and the function that runs it.
pub struct Query {
    name: &'static str,
    params: Vec<(&'static str, Type)>,
    result: Type,
    run: QueryFn,
}

impl Query {
    pub fn new(name: &'static str, result: Type, run: QueryFn) -> Query {
        Query {
            name,
            params: Vec::new(),
            result,
            run,
        }
    }

    /// Adds the next parameter.
    pub fn param(mut self, name: &'static str, ty: Type) -> Query {
        self.params.push((name, ty));
        self
    }

    fn write(&self, w: &mut Writer) {
        w.put_str(self.name);
        write_params(w, &self.params);
        self.result.write(w);
    }
}

struct Subscription {
    module: &'static str,
    table: &'static str,
    event: Event,
    reducer: &'static str,
}

impl Subscription {
    fn write(&self, w: &mut Writer) {
        w.put_str(self.module).put_str(self.table);
        w.put_raw(&[self.event as u8]);
        w.put_str(self.reducer);
    }
}

// ---- exports --------------------------------------------------------------------------------

/// The functions of the module's reducers and queries, in schema order.
struct Dispatch {
    reducers: Vec<ReducerFn>,
    queries: Vec<QueryFn>,
}

thread_local! {
    /// Built from `crate::schema()` at the first call of an instance (wasm32 has one thread).
    static DISPATCH: RefCell<Option<Dispatch>> = const { RefCell::new(None) };
    /// The buffer last returned to the host (a schema, a query result, a refusal message); kept
    /// until the next call replaces it, as the ABI requires.
    static OUTPUT: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

/// Makes a panic write its message and place to the module's log before it traps, since the
/// host reports a trap without them.
fn log_panics() {
    std::panic::set_hook(Box::new(|panic| log(&panic.to_string())));
}

/// Looks up the function of reducer or query `id`, building the table once per instance.
fn dispatch<F>(pick: impl FnOnce(&Dispatch) -> Option<F>, what: &str, id: u32) -> F {
    let found = DISPATCH.with(|dispatch| {
        let mut dispatch = dispatch.borrow_mut();
        let dispatch = dispatch.get_or_insert_with(|| {
            log_panics();
            let schema = crate::schema();
            Dispatch {
                reducers: schema.reducers.iter().map(|r| r.run).collect(),
                queries: schema.queries.iter().map(|q| q.run).collect(),
            }
        });
        pick(dispatch)
    });
    found.unwrap_or_else(|| panic!("the host called unknown {what} {id}"))
}

/// Keeps `bytes` as the output and returns them as `ptr << 32 | len`.
fn set_output(bytes: Vec<u8>) -> u64 {
    OUTPUT.with(|output| {
        let mut output = output.borrow_mut();
        *output = bytes;
        (output.as_ptr() as u64) << 32 | output.len() as u64
    })
}

/// The status of a finished call, keeping its output (a query's result or a refusal message).
fn finish(result: Result<Vec<u8>, String>) -> i32 {
    match result {
        Ok(output) => {
            set_output(output);
            OK
        }
        Err(message) => {
            set_output(message.into_bytes());
            REFUSED
        }
    }
}

/// Export: the version of `ABI.md` this guest follows.
#[no_mangle]
pub extern "C" fn interstice_abi_version() -> i32 {
    ABI_VERSION
}

/// Export: the module's schema in the `SchemaCodec` encoding, as `ptr << 32 | len`.
#[no_mangle]
pub extern "C" fn interstice_describe() -> u64 {
    log_panics();
    set_output(crate::schema().encode())
}

/// Export: runs reducer number `reducer` with its arguments, which this call now owns.
///
/// # Safety
/// `args` must be null with `len` 0 or come from `interstice_alloc(len)`, as the ABI says.
#[no_mangle]
pub unsafe extern "C" fn interstice_call_reducer(reducer: u32, args: *mut u8, len: usize) -> i32 {
    let args = Row::adopt(args, len);
    let run = dispatch(
        |d| d.reducers.get(reducer as usize).copied(),
        "reducer",
        reducer,
    );
    let mut reader = args.reader();
    let result = run(
        &Tx {
            view: View { _private: () },
        },
        &mut reader,
    );
    if result.is_ok() {
        reader.end();
    }
    finish(result.map(|()| Vec::new()))
}

/// Export: runs query number `query` with its arguments, which this call now owns.
///
/// # Safety
/// `args` must be null with `len` 0 or come from `interstice_alloc(len)`, as the ABI says.
#[no_mangle]
pub unsafe extern "C" fn interstice_call_query(query: u32, args: *mut u8, len: usize) -> i32 {
    let args = Row::adopt(args, len);
    let run = dispatch(|d| d.queries.get(query as usize).copied(), "query", query);
    let mut reader = args.reader();
    let mut out = Writer::new();
    let result = run(&View { _private: () }, &mut reader, &mut out);
    if result.is_ok() {
        reader.end();
    }
    finish(result.map(|()| out.into_bytes()))
}

/// Export: the output of the last call, as `ptr << 32 | len`.
#[no_mangle]
pub extern "C" fn interstice_output() -> u64 {
    OUTPUT.with(|output| {
        let output = output.borrow();
        (output.as_ptr() as u64) << 32 | output.len() as u64
    })
}
