/**
 * The binary log's internals, public only so that {@code io.interstice.journal.log} and the plugin
 * can reach them: recovery ({@link io.interstice.journal.log.internal.LogRecovery}), the in-memory
 * state and its single owner ({@link io.interstice.journal.log.internal.LogState}, {@link
 * io.interstice.journal.log.internal.GroupCommitWriter}), the files of a log directory ({@link
 * io.interstice.journal.log.internal.LogFiles}) and the checksummed side files ({@link
 * io.interstice.journal.log.internal.ChecksummedFile}). Other modules (actors, cli, bench, tests)
 * use {@code io.interstice.journal.log}, never this package; it may change without notice.
 */
package io.interstice.journal.log.internal;
