//! Rust values in the row encoding: the [`Encode`] and [`Decode`] traits and their impls for
//! scalars, strings, bytes, options, lists and tuples.

use super::{Reader, Writer};

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
