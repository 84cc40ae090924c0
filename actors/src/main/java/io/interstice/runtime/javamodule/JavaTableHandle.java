package io.interstice.runtime.javamodule;

import io.interstice.runtime.table.ConstraintViolationException;
import io.interstice.runtime.table.Transaction;
import io.interstice.sdk.TableHandle;
import io.interstice.sdk.internal.JavaTable;

/**
 * Read and write access to one table for a Java reducer, through the call's {@link Transaction}. A
 * constraint violation becomes a {@link TableConstraintException}: a {@code ReducerException} the
 * reducer may catch, and that aborts the transaction if it does not. Confined to the call's thread.
 *
 * @param <T> the table's record type
 */
final class JavaTableHandle<T extends Record> extends JavaReadOnlyTableHandle<T>
    implements TableHandle<T> {
  private final Transaction transaction;

  JavaTableHandle(JavaTable<T> javaTable, Transaction transaction) {
    super(javaTable, transaction.tables());
    this.transaction = transaction;
  }

  @Override
  public T insert(T row) {
    var values = mapper.toRow(row);
    try {
      return mapper.fromRow(transaction.insert(schema.name(), values));
    } catch (ConstraintViolationException e) {
      throw new TableConstraintException(e);
    }
  }

  @Override
  public T update(T row) {
    var values = mapper.toRow(row);
    try {
      return mapper.fromRow(transaction.update(schema.name(), values));
    } catch (ConstraintViolationException e) {
      throw new TableConstraintException(e);
    }
  }

  @Override
  public boolean delete(Object primaryKey) {
    return transaction.delete(schema.name(), primaryKeyValue(primaryKey));
  }
}
