//! The exports of ABI version 1: the schema, reducer and query calls dispatched by schema
//! position to the module's functions, and the output buffer.

use std::cell::RefCell;

use super::{log, QueryFn, ReducerFn, Row, Tx, View, Writer};
use super::{ABI_VERSION, OK, REFUSED};

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
