package io.interstice.bench;

import io.interstice.client.ErrorKind;
import io.interstice.client.IntersticeClient;
import io.interstice.client.IntersticeClientException;
import io.interstice.runtime.TxReceipt;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The call load of {@link ClusterBench}: bank transfers sent over the nodes' WebSocket call
 * channels by the Java client ({@code IntersticeClient.callAsync}, which sends the calls waiting
 * for a send together, in one message). Each call picks one bank, two distinct accounts, an amount
 * of 1..100 and a client (a connection to one node), uniformly from its caller's random generator:
 * any client with {@link Routing#SPREAD}, one connected to the bank's own node with {@link
 * Routing#DIRECT}. A call sent to a node that does not run its bank is routed to the one that does,
 * and is counted as crossing nodes. A transfer refused for insufficient funds is counted apart.
 *
 * <p>Thread-safety: immutable but for the two counters, atomic; the clients are thread-safe.
 */
final class ClusterCalls implements ClosedLoop.Workload {
  /** Which node a call is sent to. */
  enum Routing {
    /** Any node: a call reaches its bank's node through the cluster unless sent there. */
    SPREAD,
    /** The node that runs the call's bank: no call crosses nodes. */
    DIRECT;

    String label() {
      return name().toLowerCase(Locale.ROOT);
    }

    static Routing byLabel(String label) {
      for (var routing : values()) {
        if (routing.label().equals(label)) {
          return routing;
        }
      }
      throw new IllegalArgumentException("--routing lists spread and direct, not " + label);
    }
  }

  private final List<IntersticeClient> clients;
  private final int[] nodeOfClient;
  private final Routing routing;
  private final List<String> modules;
  private final int[] nodeOfModule;
  private final int accounts;
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong crossing = new AtomicLong();

  /**
   * @param clients the connections; client {@code i} talks to node {@code nodeOfClient[i]}, and
   *     every node that runs a bank has one at least
   * @param routing which clients a call may go to
   * @param modules the banks; bank {@code m} runs on node {@code nodeOfModule[m]}
   * @param accounts accounts 1..accounts exist in every bank
   */
  ClusterCalls(
      List<IntersticeClient> clients,
      int[] nodeOfClient,
      Routing routing,
      List<String> modules,
      int[] nodeOfModule,
      int accounts) {
    this.clients = List.copyOf(clients);
    this.nodeOfClient = nodeOfClient.clone();
    this.routing = routing;
    this.modules = List.copyOf(modules);
    this.nodeOfModule = nodeOfModule.clone();
    this.accounts = accounts;
  }

  @Override
  public CompletionStage<TxReceipt> send(SplittableRandom random) {
    int module = random.nextInt(modules.size());
    int client =
        routing == Routing.SPREAD ? random.nextInt(clients.size()) : direct(module, random);
    long from = 1 + random.nextInt(accounts);
    long to = 1 + random.nextInt(accounts - 1);
    if (to >= from) {
      to++;
    }
    long amount = 1 + random.nextLong(ClusterBenchSettings.MAX_AMOUNT);
    sent.incrementAndGet();
    if (nodeOfClient[client] != nodeOfModule[module]) {
      crossing.incrementAndGet();
    }
    var name = modules.get(module);
    return clients
        .get(client)
        .callAsync(name, "transfer", from, to, amount)
        .thenApply(result -> new TxReceipt(name, "transfer", result.tx(), null));
  }

  /** A random client of those connected to the node of {@code module}. */
  private int direct(int module, SplittableRandom random) {
    int node = nodeOfModule[module];
    int count = 0;
    for (int n : nodeOfClient) {
      count += n == node ? 1 : 0;
    }
    int pick = random.nextInt(count);
    for (int c = 0; ; c++) {
      if (nodeOfClient[c] == node && pick-- == 0) {
        return c;
      }
    }
  }

  @Override
  public boolean refused(Throwable error) {
    var cause =
        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    return cause instanceof IntersticeClientException failed
        && failed.kind() == ErrorKind.REDUCER_FAILED
        && failed.getMessage() != null
        && failed.getMessage().contains("insufficient funds");
  }

  /** The share of the calls sent so far that went to a node other than their bank's. */
  double crossingShare() {
    long all = sent.get();
    return all == 0 ? 0 : (double) crossing.get() / all;
  }
}
