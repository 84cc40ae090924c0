package io.interstice.runtime.table;

import io.interstice.sdk.schema.IndexKind;
import io.interstice.sdk.schema.ModuleSchema;
import io.interstice.sdk.schema.TableSchema;
import io.interstice.sdk.value.Type;

/** A small module for tests: accounts with an auto-increment i64 key, transfers with an i32 one. */
final class Bank {
  static final TableSchema ACCOUNTS =
      TableSchema.builder("accounts")
          .column("id", Type.i64())
          .column("owner", Type.string())
          .column("balance", Type.i64())
          .primaryKey("id")
          .autoIncrement()
          .uniqueIndex("owner", IndexKind.BTREE, "owner")
          .index("balance", IndexKind.HASH, "balance")
          .build();

  static final TableSchema TRANSFERS =
      TableSchema.builder("transfers")
          .column("id", Type.i32())
          .column("source", Type.i64())
          .column("amount", Type.i64())
          .primaryKey("id")
          .autoIncrement()
          .index("source", IndexKind.BTREE, "source")
          .build();

  static final ModuleSchema SCHEMA =
      ModuleSchema.builder("bank").table(ACCOUNTS).table(TRANSFERS).build();

  private Bank() {}
}
