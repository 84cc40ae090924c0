package io.interstice.runtime.table;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The changes one reducer call makes to a module's tables, applied or undone as a whole.
 *
 * <p>Writes go straight into the tables and are recorded in order; {@link #rollback()} undoes them
 * in reverse. The alternative, an overlay of pending writes consulted by every read, would have to
 * merge itself into every index lookup, range and scan to give the reducer its own writes back.
 * Writing in place gets that for free and makes commit a no-op. It is safe because of how the
 * runtime uses tables: a module's reducers never run concurrently, and nothing else reads the
 * tables while a reducer runs (queries and subscribers see them between calls), so no one can
 * observe a change that is later undone. Undo cannot fail: each step reverses the latest remaining
 * change against exactly the state that change produced.
 *
 * <p>A constraint violation inside {@link #insert} or {@link #update} changes nothing and
 * propagates; the caller then rolls back. After {@link #commit()} or {@link #rollback()} every
 * method throws {@link IllegalStateException}. Not thread-safe: used by the module's actor only.
 */
public final class Transaction {
  private final ModuleTables tables;
  private final List<RowChange> changes = new ArrayList<>();
  private final Map<Table, Long> countersAtBegin = new IdentityHashMap<>();
  private boolean open = true;

  private Transaction(ModuleTables tables) {
    this.tables = tables;
  }

  public static Transaction begin(ModuleTables tables) {
    return new Transaction(tables);
  }

  /** The tables, showing this transaction's writes: read them directly. */
  public ModuleTables tables() {
    requireOpen();
    return tables;
  }

  /**
   * Inserts a row (generating its key if the table auto-increments) and returns the stored row.
   *
   * @throws ConstraintViolationException when a key is taken; nothing changed
   */
  public Object[] insert(String table, Object[] row) {
    requireOpen();
    try {
      var target = tables.table(table);
      countersAtBegin.putIfAbsent(target, target.nextAutoIncrement());
      var stored = target.insert(row);
      changes.add(new RowChange.Inserted(table, stored));
      return stored;
    } catch (StackOverflowError e) {
      throw lost(table, e);
    }
  }

  /**
   * Replaces the row with the primary key of {@code row} and returns the new stored row.
   *
   * @throws ConstraintViolationException when there is no such row or a unique value is taken;
   *     nothing changed
   */
  public Object[] update(String table, Object[] row) {
    requireOpen();
    try {
      var old = tables.table(table).update(row);
      changes.add(new RowChange.Updated(table, old, row));
      return row;
    } catch (StackOverflowError e) {
      throw lost(table, e);
    }
  }

  /** Deletes the row with this primary key; false if there was none. */
  public boolean delete(String table, Object key) {
    requireOpen();
    try {
      var old = tables.table(table).delete(key);
      if (old == null) {
        return false;
      }
      changes.add(new RowChange.Deleted(table, old));
      return true;
    } catch (StackOverflowError e) {
      throw lost(table, e);
    }
  }

  /**
   * A write ran out of stack (a reducer that recursed to the edge of its thread's stack): it may
   * have stopped half way through the table's indexes, where no undo can be trusted. The error this
   * returns is not one the transaction runner rolls back; it stops the module's actor, whose tables
   * then come back from the log, which never saw this transaction.
   */
  private TableStateLostError lost(String table, StackOverflowError e) {
    open = false;
    // The stack is nearly full here: the error builds its message only when it is read.
    return new TableStateLostError(table, e);
  }

  /** Whether the transaction can still be committed or rolled back. */
  public boolean isOpen() {
    return open;
  }

  /** The changes so far, in the order they were made. */
  public List<RowChange> changes() {
    requireOpen();
    return Collections.unmodifiableList(changes);
  }

  /** Ends the transaction, keeping its writes, and returns its changes in order. */
  public List<RowChange> commit() {
    requireOpen();
    open = false;
    return List.copyOf(changes);
  }

  /** Ends the transaction, undoing its changes: the tables are exactly as they were at begin. */
  public void rollback() {
    requireOpen();
    open = false;
    for (int i = changes.size() - 1; i >= 0; i--) {
      undo(changes.get(i));
    }
    countersAtBegin.forEach(Table::nextAutoIncrement);
  }

  private void undo(RowChange change) {
    var table = tables.table(change.table());
    if (change instanceof RowChange.Inserted inserted) {
      table.delete(inserted.row()[table.schema().primaryKey()]);
    } else if (change instanceof RowChange.Updated updated) {
      table.update(updated.oldRow());
    } else {
      table.put(((RowChange.Deleted) change).row());
    }
  }

  private void requireOpen() {
    if (!open) {
      throw new IllegalStateException("the transaction has already ended");
    }
  }
}
