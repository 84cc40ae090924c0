/* The types test module: a table with a column of every value kind the C SDK writes (f32, f64,
   lists, option, enum, struct), reducers that store and change them, and queries that read them
   back, so a real node can check that every value survives the trip through the guest. */
#include "interstice.h"

enum { THINGS };                       /* tables, in schema order */
enum { PUT, CHANGE };                  /* reducers, in schema order */
enum { ALL, FIND };                    /* queries, in schema order */
enum { RED, GREEN, BLUE, COLORS };     /* the variants of the color enum, and their count */

void ix_module_schema(ix_buf *out) {
  const char *color = IX_ENUM_OF("red", "green", "blue");
  const char *origin = IX_STRUCT_OF({"x", IX_F32}, {"label", IX_OPTION(IX_STRING)});
  const char *history = ix_schema_list_type(color);
  const char *thing = IX_STRUCT_OF({"id", IX_I64}, {"ratio", IX_F32}, {"amount", IX_F64},
                                   {"scores", IX_LIST(IX_F64)}, {"note", IX_OPTION(IX_STRING)},
                                   {"color", color}, {"history", history}, {"origin", origin});
  ix_schema_begin(out, "types", 1, IX_PUBLIC);

  ix_schema_count(out, 1);
  ix_schema_table(out, "things", 8);
  ix_schema_column(out, "id", IX_I64);
  ix_schema_column(out, "ratio", IX_F32);
  ix_schema_column(out, "amount", IX_F64);
  ix_schema_column(out, "scores", IX_LIST(IX_F64));
  ix_schema_column(out, "note", IX_OPTION(IX_STRING));
  ix_schema_column_default(out, "color", color);
  ix_put_enum(out, RED);
  ix_schema_column(out, "history", history);
  ix_schema_column(out, "origin", origin);
  ix_schema_keys(out, 0, 0, 0);
  ix_schema_table_end(out, IX_LOGGED, IX_PUBLIC);

  ix_schema_count(out, 2);
  ix_schema_reducer(out, "put", 7);
  ix_schema_param(out, "id", IX_I64);
  ix_schema_param(out, "ratio", IX_F32);
  ix_schema_param(out, "amount", IX_F64);
  ix_schema_param(out, "scores", IX_LIST(IX_F64));
  ix_schema_param(out, "note", IX_OPTION(IX_STRING));
  ix_schema_param(out, "color", color);
  ix_schema_param(out, "origin", origin);
  ix_schema_reducer_end(out, IX_PUBLIC, IX_LIFECYCLE_NONE);
  ix_schema_reducer(out, "change", 2);
  ix_schema_param(out, "id", IX_I64);
  ix_schema_param(out, "score", IX_F64);
  ix_schema_reducer_end(out, IX_PUBLIC, IX_LIFECYCLE_NONE);

  ix_schema_count(out, 2);
  ix_schema_query(out, "all", 0);
  ix_schema_query_end(out, ix_schema_list_type(thing));
  ix_schema_query(out, "find", 1);
  ix_schema_param(out, "id", IX_I64);
  ix_schema_query_end(out, ix_schema_option_type(thing));

  ix_schema_count(out, 0); /* subscriptions */
}

typedef struct {
  float x;
  int has_label;
  ix_slice label;
} origin;

typedef struct {
  int64_t id;
  float ratio;
  double amount;
  uint32_t score_count;
  double *scores;
  int has_note;
  ix_slice note;
  uint32_t color;
  uint32_t history_count;
  uint32_t *history;
  origin origin;
} thing;

/* ---- values ---------------------------------------------------------------------------- */

static double *get_scores(ix_reader *r, uint32_t *count, uint32_t room) {
  *count = ix_get_list_len(r);
  double *scores = ix_alloc((*count + room) * sizeof(double));
  for (uint32_t i = 0; i < *count; i++) {
    scores[i] = ix_get_f64(r);
  }
  return scores;
}

static void put_scores(ix_buf *b, const double *scores, uint32_t count) {
  ix_put_list_len(b, count);
  for (uint32_t i = 0; i < count; i++) {
    ix_put_f64(b, scores[i]);
  }
}

static uint32_t *get_history(ix_reader *r, uint32_t *count, uint32_t room) {
  *count = ix_get_list_len(r);
  uint32_t *history = ix_alloc((*count + room) * sizeof(uint32_t));
  for (uint32_t i = 0; i < *count; i++) {
    history[i] = ix_get_enum(r, COLORS);
  }
  return history;
}

static void put_history(ix_buf *b, const uint32_t *history, uint32_t count) {
  ix_put_list_len(b, count);
  for (uint32_t i = 0; i < count; i++) {
    ix_put_enum(b, history[i]);
  }
}

static int get_note(ix_reader *r, ix_slice *note) {
  int present = ix_get_option(r);
  if (present) {
    *note = ix_get_string(r);
  }
  return present;
}

static void put_note(ix_buf *b, int present, ix_slice note) {
  if (present) {
    ix_put_some(b);
    ix_put_stringn(b, note.ptr, note.len);
  } else {
    ix_put_none(b);
  }
}

static origin get_origin(ix_reader *r) {
  origin o;
  o.x = ix_get_f32(r);
  o.has_label = get_note(r, &o.label);
  return o;
}

static void put_origin(ix_buf *b, const origin *o) {
  ix_put_f32(b, o->x);
  put_note(b, o->has_label, o->label);
}

/* A row of things, with room for `room` more scores and colors in its history. */
static thing read_thing(ix_slice row, uint32_t room) {
  ix_reader r = ix_reader_of(row);
  thing t;
  t.id = ix_get_i64(&r);
  t.ratio = ix_get_f32(&r);
  t.amount = ix_get_f64(&r);
  t.scores = get_scores(&r, &t.score_count, room);
  t.has_note = get_note(&r, &t.note);
  t.color = ix_get_enum(&r, COLORS);
  t.history = get_history(&r, &t.history_count, room);
  t.origin = get_origin(&r);
  ix_end(&r);
  return t;
}

/* A row of things, or the value of the thing struct of the queries: the same bytes. */
static void put_thing(ix_buf *b, const thing *t) {
  ix_put_i64(b, t->id);
  ix_put_f32(b, t->ratio);
  ix_put_f64(b, t->amount);
  put_scores(b, t->scores, t->score_count);
  put_note(b, t->has_note, t->note);
  ix_put_enum(b, t->color);
  put_history(b, t->history, t->history_count);
  put_origin(b, &t->origin);
}

/* Thing `id`: 1 found, 0 none. */
static int find_thing(int64_t id, thing *found, uint32_t room) {
  ix_buf key = {0};
  ix_put_i64(&key, id);
  ix_slice row;
  if (ix_table_get_by_pk(THINGS, key.data, key.len, &row) != IX_OK) {
    return 0;
  }
  *found = read_thing(row, room);
  return 1;
}

/* ---- reducers --------------------------------------------------------------------------- */

static int put(ix_reader *args) {
  thing t;
  t.id = ix_get_i64(args);
  t.ratio = ix_get_f32(args);
  t.amount = ix_get_f64(args);
  t.scores = get_scores(args, &t.score_count, 0);
  t.has_note = get_note(args, &t.note);
  t.color = ix_get_enum(args, COLORS);
  t.history_count = 0;
  t.history = 0;
  t.origin = get_origin(args);
  ix_end(args);
  ix_buf row = {0};
  put_thing(&row, &t);
  ix_slice stored;
  if (ix_table_insert(THINGS, row.data, row.len, &stored) != IX_OK) {
    return ix_refuse_with(stored);
  }
  return IX_OK;
}

/* Appends `score`, moves the color on to the next variant (remembering the old one), negates
   the numbers and toggles the note, so every kind of value is read, changed and written. */
static int change(ix_reader *args) {
  int64_t id = ix_get_i64(args);
  double score = ix_get_f64(args);
  ix_end(args);
  thing t;
  if (!find_thing(id, &t, 1)) {
    ix_buf *message = ix_error();
    ix_text(message, "no thing ");
    ix_text_i64(message, id);
    return IX_REFUSED;
  }
  t.ratio = -t.ratio;
  t.amount = -t.amount;
  t.scores[t.score_count++] = score;
  if (t.has_note) {
    t.has_note = 0;
  } else {
    static const char changed[] = "changed";
    t.has_note = 1;
    t.note.ptr = (const uint8_t *)changed;
    t.note.len = sizeof changed - 1;
  }
  t.history[t.history_count++] = t.color;
  t.color = (t.color + 1) % COLORS;
  t.origin.x = -t.origin.x;
  ix_buf row = {0};
  put_thing(&row, &t);
  ix_slice stored;
  if (ix_table_update(THINGS, row.data, row.len, &stored) != IX_OK) {
    __builtin_trap(); /* the row was read in this transaction and has no unique index */
  }
  return IX_OK;
}

int ix_module_reducer(int32_t reducer, ix_reader *args) {
  switch (reducer) {
    case PUT:
      return put(args);
    case CHANGE:
      return change(args);
    default:
      __builtin_trap();
  }
}

/* ---- queries ---------------------------------------------------------------------------- */

/* Every thing in id order. The count comes first, so the values are gathered before it. */
static int all(ix_reader *args, ix_buf *result) {
  ix_end(args);
  ix_buf values = {0};
  uint32_t count = 0;
  int32_t iter = ix_table_scan(THINGS);
  ix_slice row;
  while (ix_iter_next(iter, &row) == IX_OK) {
    thing t = read_thing(row, 0);
    put_thing(&values, &t);
    count++;
  }
  ix_iter_close(iter);
  ix_put_list_len(result, count);
  ix_put_raw(result, values.data, values.len);
  return IX_OK;
}

static int find(ix_reader *args, ix_buf *result) {
  int64_t id = ix_get_i64(args);
  ix_end(args);
  thing t;
  if (find_thing(id, &t, 0)) {
    ix_put_some(result);
    put_thing(result, &t);
  } else {
    ix_put_none(result);
  }
  return IX_OK;
}

int ix_module_query(int32_t query, ix_reader *args, ix_buf *result) {
  switch (query) {
    case ALL:
      return all(args, result);
    case FIND:
      return find(args, result);
    default:
      __builtin_trap();
  }
}
