/* Interstice guest SDK for C, ABI version 1: allocator, exports, row and schema encoding. */
#include "interstice.h"

#define IX_EXPORT(name) __attribute__((export_name(#name)))
#define IX_PAGE 65536u

/* ---- the bump arena --------------------------------------------------------------------- */

extern unsigned char __heap_base;

static uintptr_t arena_top;
/* Set when a call from the host has finished: the next call from the host empties the arena,
   which frees everything the finished call (and the host, for it) allocated. */
static int arena_stale = 1;

static void arena_reset_if_stale(void) {
  if (arena_stale) {
    arena_top = ((uintptr_t)&__heap_base + 7u) & ~(uintptr_t)7u;
    arena_stale = 0;
  }
}

static void *arena_alloc(uint32_t size) {
  arena_reset_if_stale();
  uintptr_t start = arena_top;
  uintptr_t end = (start + size + 7u) & ~(uintptr_t)7u;
  uintptr_t limit = __builtin_wasm_memory_size(0) * IX_PAGE;
  if (end < start) {
    return 0;
  }
  if (end > limit) {
    uintptr_t pages = (end - limit + IX_PAGE - 1) / IX_PAGE;
    if (__builtin_wasm_memory_grow(0, pages) == (uintptr_t)-1) {
      return 0;
    }
  }
  arena_top = end;
  return (void *)start;
}

IX_EXPORT(interstice_alloc) void *interstice_alloc(uint32_t size) { return arena_alloc(size); }

IX_EXPORT(interstice_free) void interstice_free(void *ptr, uint32_t size) {
  (void)ptr;
  (void)size;
}

void *ix_alloc(uint32_t size) {
  void *p = arena_alloc(size);
  if (!p) {
    __builtin_trap();
  }
  return p;
}

void ix_memcpy(void *to, const void *from, uint32_t len) {
  uint8_t *t = to;
  const uint8_t *f = from;
  while (len--) {
    *t++ = *f++;
  }
}

uint32_t ix_strlen(const char *s) {
  uint32_t n = 0;
  while (s[n]) {
    n++;
  }
  return n;
}

int ix_equal(const uint8_t *a, uint32_t a_len, const char *b) {
  uint32_t n = ix_strlen(b);
  if (n != a_len) {
    return 0;
  }
  for (uint32_t i = 0; i < n; i++) {
    if (a[i] != (uint8_t)b[i]) {
      return 0;
    }
  }
  return 1;
}

/* ---- writing ---------------------------------------------------------------------------- */

static void reserve(ix_buf *b, uint32_t more) {
  if (b->len + more <= b->cap) {
    return;
  }
  uint32_t cap = b->cap < 64 ? 64 : b->cap;
  while (cap < b->len + more) {
    cap *= 2;
  }
  uint8_t *data = ix_alloc(cap);
  if (b->len) {
    ix_memcpy(data, b->data, b->len);
  }
  b->data = data;
  b->cap = cap;
}

void ix_put_u8(ix_buf *b, uint8_t v) {
  reserve(b, 1);
  b->data[b->len++] = v;
}

void ix_put_raw(ix_buf *b, const void *p, uint32_t len) {
  reserve(b, len);
  ix_memcpy(b->data + b->len, p, len);
  b->len += len;
}

void ix_put_varint(ix_buf *b, uint32_t v) {
  while (v >= 0x80) {
    ix_put_u8(b, (uint8_t)(v | 0x80));
    v >>= 7;
  }
  ix_put_u8(b, (uint8_t)v);
}

void ix_put_bool(ix_buf *b, int v) { ix_put_u8(b, v ? 1 : 0); }

void ix_put_i32(ix_buf *b, int32_t v) {
  uint32_t u = (uint32_t)v;
  for (int i = 0; i < 4; i++) {
    ix_put_u8(b, (uint8_t)(u >> (8 * i)));
  }
}

void ix_put_i64(ix_buf *b, int64_t v) {
  uint64_t u = (uint64_t)v;
  for (int i = 0; i < 8; i++) {
    ix_put_u8(b, (uint8_t)(u >> (8 * i)));
  }
}

/* The row encoding has one NaN per width, so equal values always encode to equal bytes. */
void ix_put_f32(ix_buf *b, float v) {
  uint32_t bits = 0x7fc00000u;
  if (!__builtin_isnan(v)) {
    __builtin_memcpy(&bits, &v, sizeof bits);
  }
  ix_put_i32(b, (int32_t)bits);
}

void ix_put_f64(ix_buf *b, double v) {
  uint64_t bits = 0x7ff8000000000000u;
  if (!__builtin_isnan(v)) {
    __builtin_memcpy(&bits, &v, sizeof bits);
  }
  ix_put_i64(b, (int64_t)bits);
}

void ix_put_stringn(ix_buf *b, const uint8_t *p, uint32_t len) {
  ix_put_varint(b, len);
  ix_put_raw(b, p, len);
}

void ix_put_string(ix_buf *b, const char *s) {
  ix_put_stringn(b, (const uint8_t *)s, ix_strlen(s));
}

void ix_put_bytes(ix_buf *b, const uint8_t *p, uint32_t len) { ix_put_stringn(b, p, len); }

void ix_put_none(ix_buf *b) { ix_put_u8(b, 0); }

void ix_put_some(ix_buf *b) { ix_put_u8(b, 1); }

/* Counts and enum indexes are varints of at most 2^31 - 1; the host traps on larger ones, so
   trap here, where the mistake is. */
static void put_count(ix_buf *b, uint32_t v) {
  if (v > 0x7fffffffu) {
    __builtin_trap();
  }
  ix_put_varint(b, v);
}

void ix_put_list_len(ix_buf *b, uint32_t count) { put_count(b, count); }

void ix_put_enum(ix_buf *b, uint32_t variant) { put_count(b, variant); }

void ix_text(ix_buf *b, const char *s) { ix_put_raw(b, s, ix_strlen(s)); }

void ix_textn(ix_buf *b, const uint8_t *p, uint32_t len) { ix_put_raw(b, p, len); }

void ix_text_i64(ix_buf *b, int64_t v) {
  char digits[20];
  int n = 0;
  uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
  do {
    digits[n++] = (char)('0' + u % 10);
    u /= 10;
  } while (u);
  if (v < 0) {
    ix_put_u8(b, '-');
  }
  while (n) {
    ix_put_u8(b, (uint8_t)digits[--n]);
  }
}

/* ---- reading ---------------------------------------------------------------------------- */

ix_reader ix_reader_of(ix_slice s) {
  ix_reader r = {s.ptr, s.len, 0};
  return r;
}

static const uint8_t *take(ix_reader *r, uint32_t n) {
  if (n > r->len - r->pos) {
    __builtin_trap();
  }
  const uint8_t *p = r->data + r->pos;
  r->pos += n;
  return p;
}

uint8_t ix_get_u8(ix_reader *r) { return *take(r, 1); }

uint32_t ix_get_varint(ix_reader *r) {
  uint32_t v = 0;
  for (int shift = 0; shift < 35; shift += 7) {
    uint8_t b = ix_get_u8(r);
    v |= (uint32_t)(b & 0x7f) << shift;
    if (!(b & 0x80)) {
      return v;
    }
  }
  __builtin_trap();
}

/* A tag byte that must be 0 or 1 (bool, option). */
static int get_flag(ix_reader *r) {
  uint8_t v = ix_get_u8(r);
  if (v > 1) {
    __builtin_trap();
  }
  return v;
}

int ix_get_bool(ix_reader *r) { return get_flag(r); }

int32_t ix_get_i32(ix_reader *r) {
  const uint8_t *p = take(r, 4);
  uint32_t u = 0;
  for (int i = 0; i < 4; i++) {
    u |= (uint32_t)p[i] << (8 * i);
  }
  return (int32_t)u;
}

int64_t ix_get_i64(ix_reader *r) {
  const uint8_t *p = take(r, 8);
  uint64_t u = 0;
  for (int i = 0; i < 8; i++) {
    u |= (uint64_t)p[i] << (8 * i);
  }
  return (int64_t)u;
}

float ix_get_f32(ix_reader *r) {
  uint32_t bits = (uint32_t)ix_get_i32(r);
  float v;
  __builtin_memcpy(&v, &bits, sizeof v);
  return v;
}

double ix_get_f64(ix_reader *r) {
  uint64_t bits = (uint64_t)ix_get_i64(r);
  double v;
  __builtin_memcpy(&v, &bits, sizeof v);
  return v;
}

ix_slice ix_get_string(ix_reader *r) {
  uint32_t n = ix_get_varint(r);
  ix_slice s = {take(r, n), n};
  return s;
}

ix_slice ix_get_bytes(ix_reader *r) { return ix_get_string(r); }

int ix_get_option(ix_reader *r) { return get_flag(r); }

/* Every value takes at least one byte, so a count beyond the bytes left is damage; refusing it
   keeps a module from allocating room for elements that cannot be there. */
uint32_t ix_get_list_len(ix_reader *r) {
  uint32_t count = ix_get_varint(r);
  if (count > r->len - r->pos) {
    __builtin_trap();
  }
  return count;
}

uint32_t ix_get_enum(ix_reader *r, uint32_t variants) {
  uint32_t variant = ix_get_varint(r);
  if (variant >= variants) {
    __builtin_trap();
  }
  return variant;
}

void ix_end(ix_reader *r) {
  if (r->pos != r->len) {
    __builtin_trap();
  }
}

/* ---- errors and log --------------------------------------------------------------------- */

/* The output of the running call: the query result or the refusal message. */
static ix_buf output;

ix_buf *ix_error(void) {
  output.len = 0;
  return &output;
}

int ix_refuse(const char *message) {
  ix_text(ix_error(), message);
  return IX_REFUSED;
}

int ix_refuse_with(ix_slice message) {
  ix_textn(ix_error(), message.ptr, message.len);
  return IX_REFUSED;
}

void ix_log(const char *text) { ix_log_raw(text, ix_strlen(text)); }

void ix_log_buf(const ix_buf *b) { ix_log_raw((const char *)b->data, b->len); }

/* ---- schema ----------------------------------------------------------------------------- */

void ix_schema_begin(ix_buf *b, const char *name, uint32_t version, int visibility) {
  ix_put_raw(b, "ISCH", 4);
  ix_put_u8(b, 1); /* format version, u16 little-endian */
  ix_put_u8(b, 0);
  ix_put_string(b, name);
  ix_put_varint(b, version);
  ix_put_u8(b, (uint8_t)visibility);
}

void ix_schema_count(ix_buf *b, uint32_t n) { ix_put_varint(b, n); }

void ix_schema_table(ix_buf *b, const char *name, uint32_t columns) {
  ix_put_string(b, name);
  ix_put_varint(b, columns);
}

void ix_schema_column(ix_buf *b, const char *name, const char *type) {
  ix_put_string(b, name);
  ix_text(b, type);
  ix_put_u8(b, 0);
}

void ix_schema_column_default(ix_buf *b, const char *name, const char *type) {
  ix_put_string(b, name);
  ix_text(b, type);
  ix_put_u8(b, 1);
}

void ix_schema_keys(ix_buf *b, int primary_key_column, int auto_increment, uint32_t indexes) {
  ix_put_varint(b, (uint32_t)(primary_key_column + 1));
  ix_put_bool(b, auto_increment);
  ix_put_varint(b, indexes);
}

void ix_schema_index(ix_buf *b, const char *name, int kind, int unique, uint32_t columns,
                     const int32_t *positions) {
  ix_put_string(b, name);
  ix_put_varint(b, columns);
  for (uint32_t i = 0; i < columns; i++) {
    ix_put_varint(b, (uint32_t)positions[i]);
  }
  ix_put_u8(b, (uint8_t)kind);
  ix_put_bool(b, unique);
}

void ix_schema_table_end(ix_buf *b, int persistence, int visibility) {
  ix_put_u8(b, (uint8_t)persistence);
  ix_put_u8(b, (uint8_t)visibility);
}

void ix_schema_reducer(ix_buf *b, const char *name, uint32_t params) {
  ix_put_string(b, name);
  ix_put_varint(b, params);
}

void ix_schema_param(ix_buf *b, const char *name, const char *type) {
  ix_put_string(b, name);
  ix_text(b, type);
}

void ix_schema_reducer_end(ix_buf *b, int visibility, int lifecycle) {
  ix_put_u8(b, (uint8_t)visibility);
  ix_put_u8(b, (uint8_t)lifecycle);
}

void ix_schema_query(ix_buf *b, const char *name, uint32_t params) {
  ix_schema_reducer(b, name, params);
}

void ix_schema_query_end(ix_buf *b, const char *result_type) { ix_text(b, result_type); }

void ix_schema_subscription(ix_buf *b, const char *module, const char *table, int event,
                            const char *reducer) {
  ix_put_string(b, module);
  ix_put_string(b, table);
  ix_put_u8(b, (uint8_t)event);
  ix_put_string(b, reducer);
}

/* Types made at run time: a tag, what follows it, and the NUL that ends every type string. A
   name or count that would encode as a 0 byte would cut the string short, so it traps. */
static void put_type_name(ix_buf *b, const char *name) {
  if (!name[0]) {
    __builtin_trap();
  }
  ix_put_string(b, name);
}

static const char *type_end(ix_buf *b) {
  ix_put_u8(b, 0);
  return (const char *)b->data;
}

/* option<T> and list<T>: the tag, then T. */
static const char *wrapped_type(uint8_t tag, const char *inner) {
  ix_buf b = {0};
  ix_put_u8(&b, tag);
  ix_text(&b, inner);
  return type_end(&b);
}

const char *ix_schema_option_type(const char *inner) { return wrapped_type(8, inner); }

const char *ix_schema_list_type(const char *element) { return wrapped_type(9, element); }

const char *ix_schema_struct_type(uint32_t n, const ix_field *fields) {
  if (n == 0) {
    __builtin_trap();
  }
  ix_buf b = {0};
  ix_put_u8(&b, 10);
  ix_put_varint(&b, n);
  for (uint32_t i = 0; i < n; i++) {
    put_type_name(&b, fields[i].name);
    ix_text(&b, fields[i].type);
  }
  return type_end(&b);
}

const char *ix_schema_enum_type(uint32_t n, const char *const *variants) {
  if (n == 0) {
    __builtin_trap();
  }
  ix_buf b = {0};
  ix_put_u8(&b, 11);
  ix_put_varint(&b, n);
  for (uint32_t i = 0; i < n; i++) {
    put_type_name(&b, variants[i]);
  }
  return type_end(&b);
}

/* ---- exports ---------------------------------------------------------------------------- */

static uint64_t as_pair(const ix_buf *b) {
  return ((uint64_t)(uintptr_t)b->data << 32) | b->len;
}

__attribute__((weak)) int ix_module_query(int32_t query, ix_reader *args, ix_buf *result) {
  (void)query;
  (void)args;
  (void)result;
  __builtin_trap();
}

IX_EXPORT(interstice_abi_version) int32_t interstice_abi_version(void) { return IX_ABI_VERSION; }

IX_EXPORT(interstice_describe) uint64_t interstice_describe(void) {
  arena_reset_if_stale();
  ix_buf schema = {0};
  ix_module_schema(&schema);
  arena_stale = 1;
  return as_pair(&schema);
}

static int32_t finish(int status) {
  arena_stale = 1;
  if (status != IX_OK && status != IX_REFUSED) {
    __builtin_trap();
  }
  return status;
}

static ix_reader arguments(const uint8_t *ptr, uint32_t len) {
  arena_reset_if_stale();
  output.data = 0;
  output.len = 0;
  output.cap = 0;
  ix_reader r = {ptr, len, 0};
  return r;
}

IX_EXPORT(interstice_call_reducer)
int32_t interstice_call_reducer(int32_t reducer, const uint8_t *args, uint32_t len) {
  ix_reader r = arguments(args, len);
  int status = ix_module_reducer(reducer, &r);
  if (status == IX_OK) {
    output.len = 0;
  }
  return finish(status);
}

IX_EXPORT(interstice_call_query)
int32_t interstice_call_query(int32_t query, const uint8_t *args, uint32_t len) {
  ix_reader r = arguments(args, len);
  ix_buf result = {0};
  int status = ix_module_query(query, &r, &result);
  if (status == IX_OK) {
    output = result;
  }
  return finish(status);
}

IX_EXPORT(interstice_output) uint64_t interstice_output(void) { return as_pair(&output); }
