//! The hello-rust example module: a table of greetings and a reducer that adds one, like
//! hello-wasm but in Rust, plus a query that reads a greeting back.

#[path = "../../wasm-sdk/rust/interstice/mod.rs"]
mod interstice;

use interstice::{
    log, Lifecycle, Query, Reader, Reducer, Schema, Table, TableId, Tx, Type, View, Writer,
};

const GREETINGS: TableId = TableId(0);

fn schema() -> Schema {
    Schema::new("hello_rust", 1)
        .table(
            Table::new("greetings")
                .column("id", Type::I64)
                .column("name", Type::String)
                .column("greeting", Type::String)
                .primary_key("id")
                .auto_increment(),
        )
        .reducer(
            Reducer::new("init", init)
                .private()
                .lifecycle(Lifecycle::Init),
        )
        .reducer(Reducer::new("hello", hello).param("name", Type::String))
        .query(Query::new("greeting", Type::option(Type::String), greeting).param("id", Type::I64))
}

fn init(_tx: &Tx, _args: &mut Reader<'_>) -> Result<(), String> {
    log("hello-rust deployed");
    Ok(())
}

fn hello(tx: &Tx, args: &mut Reader<'_>) -> Result<(), String> {
    let name = args.get_str();
    if name.is_empty() {
        return Err("name must not be empty".to_string());
    }
    let greeting = format!("Hello, {name}!");
    tx.insert(GREETINGS, &(0i64, name, greeting.as_str()))?; // 0: replaced by the generated id
    log(&greeting);
    Ok(())
}

/// The greeting with this id, or none.
fn greeting(view: &View, args: &mut Reader<'_>, out: &mut Writer) -> Result<(), String> {
    let id: i64 = args.get();
    let row = view.get(GREETINGS, &id);
    let greeting = row.map(|row| row.decode::<(i64, String, String)>().2);
    out.put(&greeting);
    Ok(())
}
