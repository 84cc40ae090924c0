//! Writing values in the row encoding (`docs/row-encoding.md`).

use super::Encode;

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
