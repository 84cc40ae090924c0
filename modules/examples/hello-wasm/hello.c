/* The hello-wasm example module: a table of greetings and a reducer that adds one. */
#include "interstice.h"

enum { GREETINGS };         /* tables, in schema order */
enum { INIT, HELLO };       /* reducers, in schema order */

void ix_module_schema(ix_buf *out) {
  ix_schema_begin(out, "hello", 1, IX_PUBLIC);

  ix_schema_count(out, 1);
  ix_schema_table(out, "greetings", 3);
  ix_schema_column(out, "id", IX_I64);
  ix_schema_column(out, "name", IX_STRING);
  ix_schema_column(out, "greeting", IX_STRING);
  ix_schema_keys(out, 0, 1, 0);
  ix_schema_table_end(out, IX_LOGGED, IX_PUBLIC);

  ix_schema_count(out, 2);
  ix_schema_reducer(out, "init", 0);
  ix_schema_reducer_end(out, IX_PRIVATE, IX_LIFECYCLE_INIT);
  ix_schema_reducer(out, "hello", 1);
  ix_schema_param(out, "name", IX_STRING);
  ix_schema_reducer_end(out, IX_PUBLIC, IX_LIFECYCLE_NONE);

  ix_schema_count(out, 0); /* queries */
  ix_schema_count(out, 0); /* subscriptions */
}

static int init(ix_reader *args) {
  ix_end(args);
  ix_log("hello-wasm deployed");
  return IX_OK;
}

static int hello(ix_reader *args) {
  ix_slice name = ix_get_string(args);
  ix_end(args);
  if (name.len == 0) {
    return ix_refuse("name must not be empty");
  }
  ix_buf greeting = {0};
  ix_text(&greeting, "Hello, ");
  ix_textn(&greeting, name.ptr, name.len);
  ix_text(&greeting, "!");

  ix_buf row = {0};
  ix_put_i64(&row, 0); /* replaced by the generated id */
  ix_put_stringn(&row, name.ptr, name.len);
  ix_put_stringn(&row, greeting.data, greeting.len);
  ix_slice stored;
  if (ix_table_insert(GREETINGS, row.data, row.len, &stored) != IX_OK) {
    return ix_refuse_with(stored);
  }
  ix_log_buf(&greeting);
  return IX_OK;
}

int ix_module_reducer(int32_t reducer, ix_reader *args) {
  switch (reducer) {
    case INIT:
      return init(args);
    case HELLO:
      return hello(args);
    default:
      __builtin_trap();
  }
}
