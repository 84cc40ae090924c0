//! The value types and the enumerations of the schema, with their `SchemaCodec` tags
//! (`docs/schema-encoding.md`).

use super::Writer;

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

    pub(super) fn write(&self, w: &mut Writer) {
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

/// The structure of an index; only btree indexes answer [`View::range`](super::View::range).
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
