/**
 * The binary log as other modules see it: a node's log ({@link io.interstice.journal.log.NodeLog},
 * {@link io.interstice.journal.log.JournalStore}), its settings ({@link
 * io.interstice.journal.log.LogSettings}), what recovering it found ({@link
 * io.interstice.journal.log.RecoveryReport}), offline access for the tools ({@link
 * io.interstice.journal.log.LogReader}) and the frame and segment formats. How it works lives in
 * {@code io.interstice.journal.log.internal}.
 */
package io.interstice.journal.log;
