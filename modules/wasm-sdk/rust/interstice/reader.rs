//! Reading values in the row encoding (`docs/row-encoding.md`).

use super::Decode;

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
