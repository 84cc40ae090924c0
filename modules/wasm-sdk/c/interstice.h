/*
 * Interstice guest SDK for C, ABI version 1 (see ../ABI.md).
 *
 * Build with clang --target=wasm32 -nostdlib and link interstice.c. A module provides three
 * functions, and the SDK exports everything the host calls:
 *
 *   void ix_module_schema(ix_buf *out);                     -- write the schema (ix_schema_*)
 *   int  ix_module_reducer(int32_t reducer, ix_reader *args);  -- IX_OK or IX_REFUSED
 *   int  ix_module_query(int32_t query, ix_reader *args, ix_buf *result);   -- optional
 *
 * Memory comes from a bump arena that is emptied at the start of every call from the host, so a
 * module never frees anything and keeps no state across calls (the ABI requires that anyway).
 */
#ifndef INTERSTICE_H
#define INTERSTICE_H

#include <stddef.h>
#include <stdint.h>

#define IX_ABI_VERSION 1

/* Statuses of a module's reducer or query, and of the imports. */
#define IX_OK 0
#define IX_REFUSED 1   /* reducer/query refusal; the message is in ix_error() */
#define IX_NOT_FOUND 1 /* import: no such row, no more rows, no such schedule */
#define IX_TAKEN 2     /* import: a primary key or unique value is taken (message in out) */

/* ---- imports from module "interstice" -------------------------------------------------- */

/* The 8-byte out slot the host fills: u32 ptr, u32 len (wasm32 pointers are 32 bits). */
typedef struct {
  const uint8_t *ptr;
  uint32_t len;
} ix_slice;

#define IX_IMPORT(name) __attribute__((import_module("interstice"), import_name(#name)))

IX_IMPORT(table_insert) int32_t ix_table_insert(int32_t table, const uint8_t *row, uint32_t len, ix_slice *out);
IX_IMPORT(table_get_by_pk) int32_t ix_table_get_by_pk(int32_t table, const uint8_t *key, uint32_t len, ix_slice *out);
IX_IMPORT(table_update) int32_t ix_table_update(int32_t table, const uint8_t *row, uint32_t len, ix_slice *out);
IX_IMPORT(table_delete) int32_t ix_table_delete(int32_t table, const uint8_t *key, uint32_t len);
IX_IMPORT(table_scan) int32_t ix_table_scan(int32_t table);
IX_IMPORT(index_lookup) int32_t ix_index_lookup(int32_t table, int32_t index, const uint8_t *key, uint32_t len);
IX_IMPORT(index_range) int32_t ix_index_range(int32_t table, int32_t index, const uint8_t *from, uint32_t from_len, const uint8_t *to, uint32_t to_len);
IX_IMPORT(iter_next) int32_t ix_iter_next(int32_t iter, ix_slice *out);
IX_IMPORT(iter_close) void ix_iter_close(int32_t iter);
IX_IMPORT(log) void ix_log_raw(const char *text, uint32_t len);
IX_IMPORT(timestamp_micros) int64_t ix_timestamp_micros(void);
IX_IMPORT(random_u64) int64_t ix_random_u64(void);
IX_IMPORT(caller) void ix_caller(ix_slice *out);
IX_IMPORT(schedule) int64_t ix_schedule(int32_t reducer, int64_t delay_micros, int64_t interval_micros, const uint8_t *args, uint32_t len);
IX_IMPORT(cancel_schedule) int32_t ix_cancel_schedule(int64_t id);
IX_IMPORT(call) void ix_call(const char *module, uint32_t module_len, const char *reducer, uint32_t reducer_len, const char *args_json, uint32_t args_json_len);

/* ---- memory ---------------------------------------------------------------------------- */

void *ix_alloc(uint32_t size); /* traps when memory is exhausted */
void ix_memcpy(void *to, const void *from, uint32_t len);
uint32_t ix_strlen(const char *s);
int ix_equal(const uint8_t *a, uint32_t a_len, const char *b);

/* ---- writing values in the row encoding ------------------------------------------------- */

/* A growable byte buffer in the arena. Zero-initialise it: ix_buf b = {0}; */
typedef struct {
  uint8_t *data;
  uint32_t len;
  uint32_t cap;
} ix_buf;

void ix_put_u8(ix_buf *b, uint8_t v);
void ix_put_raw(ix_buf *b, const void *p, uint32_t len);
void ix_put_varint(ix_buf *b, uint32_t v);
void ix_put_bool(ix_buf *b, int v);
void ix_put_i32(ix_buf *b, int32_t v);
void ix_put_i64(ix_buf *b, int64_t v);
void ix_put_f32(ix_buf *b, float v);  /* every NaN is written as 0x7fc00000; -0.0 is kept */
void ix_put_f64(ix_buf *b, double v); /* every NaN is written as 0x7ff8000000000000 */
void ix_put_string(ix_buf *b, const char *s);                 /* NUL-terminated UTF-8 */
void ix_put_stringn(ix_buf *b, const uint8_t *p, uint32_t len);
void ix_put_bytes(ix_buf *b, const uint8_t *p, uint32_t len);
void ix_put_none(ix_buf *b);
void ix_put_some(ix_buf *b); /* then put the value */
void ix_put_list_len(ix_buf *b, uint32_t count); /* then put `count` values of the element type */
void ix_put_enum(ix_buf *b, uint32_t variant);   /* the 0-based index of the variant */
/* A struct is its field values in field order, with nothing around them: put them one by one.
   A row is written the same way, so a row's bytes are also the value of a struct of its columns. */

/* Plain text (no length prefix), for messages and log lines. */
void ix_text(ix_buf *b, const char *s);
void ix_textn(ix_buf *b, const uint8_t *p, uint32_t len);
void ix_text_i64(ix_buf *b, int64_t v);

/* ---- reading values in the row encoding ------------------------------------------------- */

/* Reads trap on bytes that do not fit (too few bytes left, a bool or option tag other than 0 and
   1, an enum index out of range, a list count larger than the bytes left): the host checks
   arguments against the schema, so a mismatch is a bug in the module. */
typedef struct {
  const uint8_t *data;
  uint32_t len;
  uint32_t pos;
} ix_reader;

ix_reader ix_reader_of(ix_slice s);
uint8_t ix_get_u8(ix_reader *r);
uint32_t ix_get_varint(ix_reader *r);
int ix_get_bool(ix_reader *r);
int32_t ix_get_i32(ix_reader *r);
int64_t ix_get_i64(ix_reader *r);
float ix_get_f32(ix_reader *r);
double ix_get_f64(ix_reader *r);
ix_slice ix_get_string(ix_reader *r); /* not NUL-terminated */
ix_slice ix_get_bytes(ix_reader *r);
int ix_get_option(ix_reader *r); /* 1: some (read the value next), 0: none */
uint32_t ix_get_list_len(ix_reader *r); /* then get that many values of the element type */
uint32_t ix_get_enum(ix_reader *r, uint32_t variants); /* the variant index; traps if >= variants */
void ix_end(ix_reader *r);       /* traps on trailing bytes */

/* ---- errors and log --------------------------------------------------------------------- */

/* The refusal message of the running reducer or query: append text, then return IX_REFUSED. */
ix_buf *ix_error(void);
int ix_refuse(const char *message);
int ix_refuse_with(ix_slice message);
void ix_log(const char *text);
void ix_log_buf(const ix_buf *b);

/* ---- schema, in the SchemaCodec encoding (docs/schema-encoding.md) ----------------------- */

/* Types are NUL-terminated byte strings of SchemaCodec type tags (no tag or name has a 0 byte). */
#define IX_BOOL "\x01"
#define IX_I32 "\x02"
#define IX_I64 "\x03"
#define IX_F32 "\x04"
#define IX_F64 "\x05"
#define IX_STRING "\x06"
#define IX_BYTES "\x07"
#define IX_OPTION(t) "\x08" t
#define IX_LIST(t) "\x09" t
/* A struct of n fields: IX_STRUCT("\x02") "\x01" "x" IX_I32 "\x01" "y" IX_I64; a field name is its
   length byte (names under 128 bytes) then its bytes, each a literal of its own (a hex escape
   would swallow a following hex digit). Enums alike: IX_ENUM(n) then n names. */
#define IX_STRUCT(n) "\x0a" n
#define IX_ENUM(n) "\x0b" n

/* The same types built at run time, for names of any length and types made of other types held
   in variables. The result is NUL-terminated like the literals and lives in the arena until the
   call from the host returns, so build types where they are used (in ix_module_schema). They trap
   on an empty name or an empty struct or enum, which would put a 0 byte in the type.

     ix_schema_column(out, "scores", ix_schema_list_type(IX_F64));
     ix_schema_column(out, "color", IX_ENUM_OF("red", "green", "blue"));
     ix_schema_column(out, "origin", IX_STRUCT_OF({"x", IX_F32}, {"label", IX_OPTION(IX_STRING)}));
*/
typedef struct {
  const char *name;
  const char *type;
} ix_field;

const char *ix_schema_option_type(const char *inner); /* inner must not be an option */
const char *ix_schema_list_type(const char *element);
const char *ix_schema_struct_type(uint32_t n, const ix_field *fields);
const char *ix_schema_enum_type(uint32_t n, const char *const *variants);
/* Struct and enum types with the count taken from the arguments. */
#define IX_STRUCT_OF(...)                                                         \
  ix_schema_struct_type(sizeof((const ix_field[]){__VA_ARGS__}) / sizeof(ix_field), \
                        (const ix_field[]){__VA_ARGS__})
#define IX_ENUM_OF(...)                                                                  \
  ix_schema_enum_type(sizeof((const char *const[]){__VA_ARGS__}) / sizeof(const char *), \
                      (const char *const[]){__VA_ARGS__})

#define IX_PUBLIC 0
#define IX_PRIVATE 1
#define IX_LOGGED 0
#define IX_EPHEMERAL 1
#define IX_BTREE 0
#define IX_HASH 1
#define IX_LIFECYCLE_NONE 0
#define IX_LIFECYCLE_INIT 1
#define IX_LIFECYCLE_UPGRADE 2
#define IX_ON_INSERT 0
#define IX_ON_UPDATE 1
#define IX_ON_DELETE 2
#define IX_NO_KEY (-1)

/* The calls follow the layout: begin, n tables (table, columns, keys, indexes, end), n reducers
   (reducer, params, end), n queries (query, params, end), n subscriptions. Counts come first. */
void ix_schema_begin(ix_buf *b, const char *name, uint32_t version, int visibility);
void ix_schema_count(ix_buf *b, uint32_t n); /* before the tables, reducers, queries, subscriptions */
void ix_schema_table(ix_buf *b, const char *name, uint32_t columns);
void ix_schema_column(ix_buf *b, const char *name, const char *type);
void ix_schema_column_default(ix_buf *b, const char *name, const char *type); /* then put the value */
void ix_schema_keys(ix_buf *b, int primary_key_column, int auto_increment, uint32_t indexes);
void ix_schema_index(ix_buf *b, const char *name, int kind, int unique, uint32_t columns, const int32_t *positions);
void ix_schema_table_end(ix_buf *b, int persistence, int visibility);
void ix_schema_reducer(ix_buf *b, const char *name, uint32_t params);
void ix_schema_param(ix_buf *b, const char *name, const char *type);
void ix_schema_reducer_end(ix_buf *b, int visibility, int lifecycle);
void ix_schema_query(ix_buf *b, const char *name, uint32_t params);
void ix_schema_query_end(ix_buf *b, const char *result_type);
void ix_schema_subscription(ix_buf *b, const char *module, const char *table, int event, const char *reducer);

/* ---- what the module provides ----------------------------------------------------------- */

void ix_module_schema(ix_buf *out);
int ix_module_reducer(int32_t reducer, ix_reader *args);
int ix_module_query(int32_t query, ix_reader *args, ix_buf *result); /* default: traps */

#endif
