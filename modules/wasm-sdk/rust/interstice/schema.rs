//! The schema builder: [`Schema`], [`Table`], [`Reducer`] and [`Query`], written in the
//! `SchemaCodec` layout (`docs/schema-encoding.md`).

use super::{encode, Encode, Reader, Tx, View, Writer};
use super::{Event, IndexKind, Lifecycle, Persistence, Type, Visibility};

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
    pub(super) reducers: Vec<Reducer>,
    pub(super) queries: Vec<Query>,
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
    pub(super) run: ReducerFn,
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
    pub(super) run: QueryFn,
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
