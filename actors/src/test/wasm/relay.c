/* A module that uses the host's scheduling, calling and subscription imports, for the tests of
   WASM modules working with other modules. */
#include "interstice.h"

enum { SEEN, TIMERS };
enum { NOTE, LATER, EVERY, CANCEL, FORWARD, ON_MESSAGE };

/* The row of the chat example's messages table: the parameter of its subscription. */
#define MESSAGE_ROW                                                                            \
  IX_STRUCT("\x05")                                                                            \
  "\x02" "id" IX_I64 "\x07" "channel" IX_STRING "\x06" "sender" IX_STRING "\x04" "text" IX_STRING \
  "\x07" "sent_at" IX_I64

void ix_module_schema(ix_buf *out) {
  ix_schema_begin(out, "relay", 1, IX_PUBLIC);

  ix_schema_count(out, 2);
  ix_schema_table(out, "seen", 3);
  ix_schema_column(out, "id", IX_I64);
  ix_schema_column(out, "source", IX_STRING);
  ix_schema_column(out, "text", IX_STRING);
  ix_schema_keys(out, 0, 1, 0);
  ix_schema_table_end(out, IX_LOGGED, IX_PUBLIC);
  ix_schema_table(out, "timers", 2);
  ix_schema_column(out, "id", IX_I64);
  ix_schema_column(out, "text", IX_STRING);
  ix_schema_keys(out, 0, 0, 0);
  ix_schema_table_end(out, IX_LOGGED, IX_PUBLIC);

  ix_schema_count(out, 6);
  ix_schema_reducer(out, "note", 1);
  ix_schema_param(out, "text", IX_STRING);
  ix_schema_reducer_end(out, IX_PUBLIC, IX_LIFECYCLE_NONE);
  ix_schema_reducer(out, "later", 2);
  ix_schema_param(out, "text", IX_STRING);
  ix_schema_param(out, "delay_ms", IX_I64);
  ix_schema_reducer_end(out, IX_PUBLIC, IX_LIFECYCLE_NONE);
  ix_schema_reducer(out, "every", 2);
  ix_schema_param(out, "text", IX_STRING);
  ix_schema_param(out, "interval_ms", IX_I64);
  ix_schema_reducer_end(out, IX_PUBLIC, IX_LIFECYCLE_NONE);
  ix_schema_reducer(out, "cancel", 1);
  ix_schema_param(out, "id", IX_I64);
  ix_schema_reducer_end(out, IX_PUBLIC, IX_LIFECYCLE_NONE);
  ix_schema_reducer(out, "forward", 3);
  ix_schema_param(out, "module", IX_STRING);
  ix_schema_param(out, "reducer", IX_STRING);
  ix_schema_param(out, "args_json", IX_STRING);
  ix_schema_reducer_end(out, IX_PUBLIC, IX_LIFECYCLE_NONE);
  ix_schema_reducer(out, "on_message", 1);
  ix_schema_param(out, "message", MESSAGE_ROW);
  ix_schema_reducer_end(out, IX_PRIVATE, IX_LIFECYCLE_NONE);

  ix_schema_count(out, 0);

  ix_schema_count(out, 1);
  ix_schema_subscription(out, "chat", "messages", IX_ON_INSERT, "on_message");
}

static int remember(ix_slice source, ix_slice text) {
  ix_buf row = {0};
  ix_put_i64(&row, 0);
  ix_put_stringn(&row, source.ptr, source.len);
  ix_put_stringn(&row, text.ptr, text.len);
  ix_slice stored;
  if (ix_table_insert(SEEN, row.data, row.len, &stored) != IX_OK) {
    return ix_refuse_with(stored);
  }
  return IX_OK;
}

/* Schedules note(text) after delay_ms, then every interval_ms if it is > 0, and records it. */
static int schedule_note(ix_slice text, int64_t delay_ms, int64_t interval_ms) {
  if (delay_ms < 0 || interval_ms < 0) {
    return ix_refuse("delays must not be negative");
  }
  ix_buf args = {0};
  ix_put_stringn(&args, text.ptr, text.len);
  int64_t id = ix_schedule(NOTE, delay_ms * 1000, interval_ms * 1000, args.data, args.len);
  ix_buf row = {0};
  ix_put_i64(&row, id);
  ix_put_stringn(&row, text.ptr, text.len);
  ix_slice stored;
  if (ix_table_insert(TIMERS, row.data, row.len, &stored) != IX_OK) {
    return ix_refuse_with(stored);
  }
  return IX_OK;
}

int ix_module_reducer(int32_t reducer, ix_reader *args) {
  switch (reducer) {
    case NOTE: {
      ix_slice text = ix_get_string(args);
      ix_end(args);
      ix_slice caller;
      ix_caller(&caller);
      return remember(caller, text);
    }
    case LATER:
    case EVERY: {
      ix_slice text = ix_get_string(args);
      int64_t ms = ix_get_i64(args);
      ix_end(args);
      return reducer == LATER ? schedule_note(text, ms, 0) : schedule_note(text, ms, ms);
    }
    case CANCEL: {
      int64_t id = ix_get_i64(args);
      ix_end(args);
      if (ix_cancel_schedule(id) != IX_OK) {
        return ix_refuse("no such schedule");
      }
      ix_buf key = {0};
      ix_put_i64(&key, id);
      ix_table_delete(TIMERS, key.data, key.len);
      return IX_OK;
    }
    case FORWARD: {
      ix_slice module = ix_get_string(args);
      ix_slice target = ix_get_string(args);
      ix_slice json = ix_get_string(args);
      ix_end(args);
      ix_call((const char *)module.ptr, module.len, (const char *)target.ptr, target.len,
              (const char *)json.ptr, json.len);
      return IX_OK;
    }
    case ON_MESSAGE: {
      ix_get_i64(args); /* id */
      ix_get_string(args); /* channel */
      ix_slice sender = ix_get_string(args);
      ix_slice text = ix_get_string(args);
      ix_get_i64(args); /* sent_at */
      ix_end(args);
      ix_buf source = {0};
      ix_text(&source, "chat:");
      ix_textn(&source, sender.ptr, sender.len);
      ix_slice from = {source.data, source.len};
      return remember(from, text);
    }
    default:
      __builtin_trap();
  }
}
