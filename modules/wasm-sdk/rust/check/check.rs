//! `sdk_check`: a module that reaches every import and codec of the Rust SDK, for the tests
//! (`RustGuestTest` in `actors`). Not an example to copy: it favours coverage over sense.

#[path = "../interstice/mod.rs"]
mod interstice;

use interstice::{
    log, Bytes, IndexId, IndexKind, Query, Reader, Reducer, ReducerId, Schema, Table, TableId, Tx,
    Type, View, Writer,
};

const ITEMS: TableId = TableId(0);
const BY_SCORE: IndexId = IndexId(ITEMS, 0);
const BY_NAME: IndexId = IndexId(ITEMS, 1);
const TICK: ReducerId = ReducerId(4);

/// A row of `items`, its columns in order.
type Item = (i64, String, i32, Vec<String>, f64, Bytes, Option<i64>);

fn item_columns() -> [(&'static str, Type); 7] {
    [
        ("id", Type::I64),
        ("name", Type::String),
        ("score", Type::I32),
        ("tags", Type::list(Type::String)),
        ("ratio", Type::F64),
        ("blob", Type::Bytes),
        ("extra", Type::option(Type::I64)),
    ]
}

fn schema() -> Schema {
    let items = item_columns()
        .into_iter()
        .fold(Table::new("items"), |table, (name, ty)| {
            table.column(name, ty)
        })
        .primary_key("id")
        .auto_increment()
        .index("by_score", IndexKind::BTree, &["score"])
        .unique_index("by_name", IndexKind::Hash, &["name"]);
    let item = Type::structure(&item_columns());
    Schema::new("sdk_check", 1)
        .table(items)
        .reducer(
            Reducer::new("add", add)
                .param("name", Type::String)
                .param("score", Type::I32)
                .param("tags", Type::list(Type::String)),
        )
        .reducer(Reducer::new("bump", bump).param("id", Type::I64))
        .reducer(Reducer::new("remove", remove).param("id", Type::I64))
        .reducer(Reducer::new("later", later))
        .reducer(Reducer::new("tick", tick).param("n", Type::I64))
        .query(
            Query::new("scores", Type::list(Type::String), scores)
                .param("from", Type::I32)
                .param("to", Type::I32),
        )
        .query(
            Query::new("by_name", Type::option(item.clone()), by_name).param("name", Type::String),
        )
        .query(Query::new("all", Type::list(item), all))
        .query(Query::new("who", Type::String, who))
}

/// Inserts an item; a taken name refuses the call with the host's message.
fn add(tx: &Tx, args: &mut Reader<'_>) -> Result<(), String> {
    let (name, score, tags): (String, i32, Vec<String>) = args.get();
    let extra = Some(tx.random_u64() as i64);
    let row: Item = (0, name, score, tags, 0.5, Bytes(vec![1, 2, 3]), extra);
    let (id, ..): Item = tx.insert(ITEMS, &row)?.decode();
    log(&format!("added {id} at {}", tx.timestamp_micros()));
    Ok(())
}

/// Adds 1 to an item's score, clears `extra` and sets `ratio` to NaN.
fn bump(tx: &Tx, args: &mut Reader<'_>) -> Result<(), String> {
    let id: i64 = args.get();
    let row = tx.get(ITEMS, &id).ok_or(format!("no item {id}"))?;
    let mut item: Item = row.decode();
    item.2 += 1;
    item.4 = f64::NAN;
    item.6 = None;
    match tx.update(ITEMS, &item)? {
        Some(_) => Ok(()),
        None => Err(format!("item {id} vanished")),
    }
}

fn remove(tx: &Tx, args: &mut Reader<'_>) -> Result<(), String> {
    let id: i64 = args.get();
    if tx.delete(ITEMS, &id) {
        Ok(())
    } else {
        Err(format!("no item {id}"))
    }
}

/// Schedules `tick(7)` in a second, schedules and cancels `tick(8)`, and greets `hello_rust`.
fn later(tx: &Tx, _args: &mut Reader<'_>) -> Result<(), String> {
    tx.schedule(TICK, 1_000_000, 0, &(7i64,));
    let cancelled = tx.schedule(TICK, 1_000_000, 0, &(8i64,));
    if !tx.cancel_schedule(cancelled) || tx.cancel_schedule(cancelled + 1000) {
        return Err("cancel_schedule answered wrong".to_string());
    }
    tx.call("hello_rust", "hello", r#"["sdk_check"]"#);
    Ok(())
}

fn tick(tx: &Tx, args: &mut Reader<'_>) -> Result<(), String> {
    let n: i64 = args.get();
    let row: Item = (
        0,
        format!("tick{n}"),
        100,
        Vec::new(),
        1.0,
        Bytes(Vec::new()),
        None,
    );
    tx.insert(ITEMS, &row)?;
    Ok(())
}

/// The names with a score in `from..to`, then `>name` for `to..`, then `*name` for `..`.
fn scores(view: &View, args: &mut Reader<'_>, out: &mut Writer) -> Result<(), String> {
    let (from, to): (i32, i32) = args.get();
    let name = |row: interstice::Row| row.decode::<Item>().1;
    let mut names: Vec<String> = view.range(BY_SCORE, from..to).map(name).collect();
    names.extend(
        view.range(BY_SCORE, to..)
            .map(|row| format!(">{}", name(row))),
    );
    names.extend(
        view.range::<i32, _>(BY_SCORE, ..)
            .map(|row| format!("*{}", name(row))),
    );
    out.put(&names);
    Ok(())
}

fn by_name(view: &View, args: &mut Reader<'_>, out: &mut Writer) -> Result<(), String> {
    let name = args.get_str();
    let found: Option<Item> = view.lookup(BY_NAME, name).next().map(|row| row.decode());
    out.put(&found);
    Ok(())
}

fn all(view: &View, _args: &mut Reader<'_>, out: &mut Writer) -> Result<(), String> {
    let items: Vec<Item> = view.scan(ITEMS).map(|row| row.decode()).collect();
    out.put(&items);
    Ok(())
}

fn who(view: &View, _args: &mut Reader<'_>, out: &mut Writer) -> Result<(), String> {
    out.put_str(&view.caller());
    Ok(())
}
