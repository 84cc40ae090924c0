/*
 * The counter module in three versions, built from this one source with -DVERSION=n, for the
 * tests of the schema tools and `deploy --watch` (build.sh rebuilds counter-v1..3.wasm):
 *   version 1: table items(id i64 primary key auto-increment, name string), reducer add(name)
 *   version 2: adds reducer add_twice(name): a compatible upgrade
 *   version 3: adds column note string without a default and has no upgrade reducer: breaking,
 *              an upgrade is refused
 */
#include "interstice.h"

#ifndef VERSION
#define VERSION 1
#endif

enum { ITEMS };                /* tables, in schema order */
enum { ADD, ADD_TWICE };       /* reducers, in schema order */

void ix_module_schema(ix_buf *out) {
  ix_schema_begin(out, "counter", VERSION, IX_PUBLIC);

  ix_schema_count(out, 1);
  ix_schema_table(out, "items", VERSION >= 3 ? 3 : 2);
  ix_schema_column(out, "id", IX_I64);
  ix_schema_column(out, "name", IX_STRING);
#if VERSION >= 3
  ix_schema_column(out, "note", IX_STRING);
#endif
  ix_schema_keys(out, 0, 1, 0);
  ix_schema_table_end(out, IX_LOGGED, IX_PUBLIC);

  ix_schema_count(out, VERSION >= 2 ? 2 : 1);
  ix_schema_reducer(out, "add", 1);
  ix_schema_param(out, "name", IX_STRING);
  ix_schema_reducer_end(out, IX_PUBLIC, IX_LIFECYCLE_NONE);
#if VERSION >= 2
  ix_schema_reducer(out, "add_twice", 1);
  ix_schema_param(out, "name", IX_STRING);
  ix_schema_reducer_end(out, IX_PUBLIC, IX_LIFECYCLE_NONE);
#endif

  ix_schema_count(out, 0); /* queries */
  ix_schema_count(out, 0); /* subscriptions */
}

static int insert(ix_slice name) {
  ix_buf row = {0};
  ix_put_i64(&row, 0); /* replaced by the generated id */
  ix_put_stringn(&row, name.ptr, name.len);
#if VERSION >= 3
  ix_put_stringn(&row, name.ptr, 0);
#endif
  ix_slice stored;
  if (ix_table_insert(ITEMS, row.data, row.len, &stored) != IX_OK) {
    return ix_refuse_with(stored);
  }
  return IX_OK;
}

int ix_module_reducer(int32_t reducer, ix_reader *args) {
  ix_slice name = ix_get_string(args);
  ix_end(args);
  switch (reducer) {
    case ADD:
      return insert(name);
    case ADD_TWICE: {
      int status = insert(name);
      return status == IX_OK ? insert(name) : status;
    }
    default:
      __builtin_trap();
  }
}
