/* The bank-wasm example module: the schema, reducers, queries and messages of the Java bank
   example (modules/examples/bank), as a sandboxed module. */
#include "interstice.h"

enum { ACCOUNTS };                      /* tables, in schema order */
enum { OWNER_INDEX };                   /* indexes of accounts */
enum { DEPOSIT, OPEN, TRANSFER };       /* reducers, in schema order */
enum { ACCOUNT_OF, BALANCE };           /* queries, in schema order */

#define ACCOUNT_TYPE IX_STRUCT("\x03") "\x02" "id" IX_I64 "\x05" "owner" IX_STRING "\x07" "balance" IX_I64

void ix_module_schema(ix_buf *out) {
  static const int32_t owner_column[] = {1};
  ix_schema_begin(out, "bank", 1, IX_PUBLIC);

  ix_schema_count(out, 1);
  ix_schema_table(out, "accounts", 3);
  ix_schema_column(out, "id", IX_I64);
  ix_schema_column(out, "owner", IX_STRING);
  ix_schema_column(out, "balance", IX_I64);
  ix_schema_keys(out, 0, 1, 1);
  ix_schema_index(out, "owner", IX_BTREE, 1, 1, owner_column);
  ix_schema_table_end(out, IX_LOGGED, IX_PUBLIC);

  ix_schema_count(out, 3);
  ix_schema_reducer(out, "deposit", 2);
  ix_schema_param(out, "account", IX_I64);
  ix_schema_param(out, "amount", IX_I64);
  ix_schema_reducer_end(out, IX_PUBLIC, IX_LIFECYCLE_NONE);
  ix_schema_reducer(out, "open", 2);
  ix_schema_param(out, "owner", IX_STRING);
  ix_schema_param(out, "initial_balance", IX_I64);
  ix_schema_reducer_end(out, IX_PUBLIC, IX_LIFECYCLE_NONE);
  ix_schema_reducer(out, "transfer", 3);
  ix_schema_param(out, "from", IX_I64);
  ix_schema_param(out, "to", IX_I64);
  ix_schema_param(out, "amount", IX_I64);
  ix_schema_reducer_end(out, IX_PUBLIC, IX_LIFECYCLE_NONE);

  ix_schema_count(out, 2);
  ix_schema_query(out, "account", 1);
  ix_schema_param(out, "owner", IX_STRING);
  ix_schema_query_end(out, IX_OPTION(ACCOUNT_TYPE));
  ix_schema_query(out, "balance", 1);
  ix_schema_param(out, "account", IX_I64);
  ix_schema_query_end(out, IX_I64);

  ix_schema_count(out, 0); /* subscriptions */
}

typedef struct {
  int64_t id;
  ix_slice owner;
  int64_t balance;
} account;

static account read_account(ix_slice row) {
  ix_reader r = ix_reader_of(row);
  account a;
  a.id = ix_get_i64(&r);
  a.owner = ix_get_string(&r);
  a.balance = ix_get_i64(&r);
  ix_end(&r);
  return a;
}

static void put_account(ix_buf *b, const account *a) {
  ix_put_i64(b, a->id);
  ix_put_stringn(b, a->owner.ptr, a->owner.len);
  ix_put_i64(b, a->balance);
}

/* Finds account `id`; refuses with "no account <id>" when there is none. */
static int existing(int64_t id, account *found) {
  ix_buf key = {0};
  ix_put_i64(&key, id);
  ix_slice row;
  if (ix_table_get_by_pk(ACCOUNTS, key.data, key.len, &row) != IX_OK) {
    ix_buf *message = ix_error();
    ix_text(message, "no account ");
    ix_text_i64(message, id);
    return IX_REFUSED;
  }
  *found = read_account(row);
  return IX_OK;
}

static int require_positive(int64_t amount) {
  if (amount <= 0) {
    ix_buf *message = ix_error();
    ix_text(message, "amount must be positive, got ");
    ix_text_i64(message, amount);
    return IX_REFUSED;
  }
  return IX_OK;
}

/* `a` with `amount` added, or a refusal if the balance would overflow. */
static int credit(account *a, int64_t amount) {
  int64_t sum;
  if (__builtin_add_overflow(a->balance, amount, &sum)) {
    ix_buf *message = ix_error();
    ix_text(message, "adding ");
    ix_text_i64(message, amount);
    ix_text(message, " to account ");
    ix_text_i64(message, a->id);
    ix_text(message, " would overflow its balance of ");
    ix_text_i64(message, a->balance);
    return IX_REFUSED;
  }
  a->balance = sum;
  return IX_OK;
}

static int update(const account *a) {
  ix_buf row = {0};
  put_account(&row, a);
  ix_slice stored;
  int status = ix_table_update(ACCOUNTS, row.data, row.len, &stored);
  if (status == IX_TAKEN) {
    return ix_refuse_with(stored);
  }
  if (status != IX_OK) {
    __builtin_trap(); /* the row was read in this transaction */
  }
  return IX_OK;
}

/* The account of `owner` through the unique owner index: 1 found, 0 none. */
static int find_by_owner(ix_slice owner, account *found) {
  ix_buf key = {0};
  ix_put_stringn(&key, owner.ptr, owner.len);
  int32_t iter = ix_index_lookup(ACCOUNTS, OWNER_INDEX, key.data, key.len);
  ix_slice row;
  int present = ix_iter_next(iter, &row) == IX_OK;
  ix_iter_close(iter);
  if (present) {
    *found = read_account(row);
  }
  return present;
}

/* Java's String.isBlank for the ASCII whitespace characters. */
static int is_blank(ix_slice s) {
  for (uint32_t i = 0; i < s.len; i++) {
    uint8_t c = s.ptr[i];
    if (c != ' ' && (c < '\t' || c > '\r') && (c < 0x1c || c > 0x1f)) {
      return 0;
    }
  }
  return 1;
}

static int open(ix_reader *args) {
  ix_slice owner = ix_get_string(args);
  int64_t initial_balance = ix_get_i64(args);
  ix_end(args);
  if (is_blank(owner)) {
    return ix_refuse("owner must not be blank");
  }
  if (initial_balance < 0) {
    ix_buf *message = ix_error();
    ix_text(message, "initial balance must not be negative, got ");
    ix_text_i64(message, initial_balance);
    return IX_REFUSED;
  }
  account existing_account;
  if (find_by_owner(owner, &existing_account)) {
    ix_buf *message = ix_error();
    ix_text(message, "owner ");
    ix_textn(message, owner.ptr, owner.len);
    ix_text(message, " already has account ");
    ix_text_i64(message, existing_account.id);
    return IX_REFUSED;
  }
  account opened = {0, owner, initial_balance};
  ix_buf row = {0};
  put_account(&row, &opened);
  ix_slice stored;
  if (ix_table_insert(ACCOUNTS, row.data, row.len, &stored) != IX_OK) {
    return ix_refuse_with(stored);
  }
  return IX_OK;
}

static int deposit(ix_reader *args) {
  int64_t id = ix_get_i64(args);
  int64_t amount = ix_get_i64(args);
  ix_end(args);
  account target;
  if (require_positive(amount) || existing(id, &target) || credit(&target, amount)) {
    return IX_REFUSED;
  }
  return update(&target);
}

static int transfer(ix_reader *args) {
  int64_t from = ix_get_i64(args);
  int64_t to = ix_get_i64(args);
  int64_t amount = ix_get_i64(args);
  ix_end(args);
  if (require_positive(amount)) {
    return IX_REFUSED;
  }
  if (from == to) {
    ix_buf *message = ix_error();
    ix_text(message, "cannot transfer from account ");
    ix_text_i64(message, from);
    ix_text(message, " to itself");
    return IX_REFUSED;
  }
  account source, target;
  if (existing(from, &source) || existing(to, &target)) {
    return IX_REFUSED;
  }
  if (source.balance < amount) {
    ix_buf *message = ix_error();
    ix_text(message, "insufficient funds: account ");
    ix_text_i64(message, from);
    ix_text(message, " has ");
    ix_text_i64(message, source.balance);
    ix_text(message, ", needs ");
    ix_text_i64(message, amount);
    return IX_REFUSED;
  }
  if (credit(&target, amount)) {
    return IX_REFUSED;
  }
  source.balance -= amount;
  if (update(&source) || update(&target)) {
    return IX_REFUSED;
  }
  return IX_OK;
}

int ix_module_reducer(int32_t reducer, ix_reader *args) {
  switch (reducer) {
    case DEPOSIT:
      return deposit(args);
    case OPEN:
      return open(args);
    case TRANSFER:
      return transfer(args);
    default:
      __builtin_trap();
  }
}

static int account_of(ix_reader *args, ix_buf *result) {
  ix_slice owner = ix_get_string(args);
  ix_end(args);
  account found;
  if (find_by_owner(owner, &found)) {
    ix_put_some(result);
    put_account(result, &found);
  } else {
    ix_put_none(result);
  }
  return IX_OK;
}

static int balance(ix_reader *args, ix_buf *result) {
  int64_t id = ix_get_i64(args);
  ix_end(args);
  account found;
  if (existing(id, &found)) {
    return IX_REFUSED;
  }
  ix_put_i64(result, found.balance);
  return IX_OK;
}

int ix_module_query(int32_t query, ix_reader *args, ix_buf *result) {
  switch (query) {
    case ACCOUNT_OF:
      return account_of(args, result);
    case BALANCE:
      return balance(args, result);
    default:
      __builtin_trap();
  }
}
