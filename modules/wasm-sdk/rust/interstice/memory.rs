//! Guest memory: the allocator exports the host uses to hand buffers to the guest, and [`Row`],
//! which owns such a buffer and frees it when dropped.

use std::alloc::{self, Layout};
use std::fmt;
use std::ops::Deref;
use std::ptr;

use super::{Decode, Reader};

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
    pub(super) unsafe fn adopt(ptr: *mut u8, len: usize) -> Row {
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
    pub(super) fn into_string(self) -> String {
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
