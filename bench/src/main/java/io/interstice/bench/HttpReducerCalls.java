package io.interstice.bench;

import io.interstice.runtime.TxReceipt;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.CompletionStage;

/**
 * Transfers sent as {@code POST /v1/modules/bank/reducers/transfer} with the body {@code [from, to,
 * amount]}, one request per closed-loop caller at a time: with one caller per connection, the
 * client keeps that many HTTP/1.1 connections alive and reuses them.
 *
 * <p>Thread-safety: immutable; {@link HttpClient} is safe for concurrent requests.
 */
final class HttpReducerCalls implements ClosedLoop.Workload {
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

  private final HttpClient client;
  private final URI transfer;
  private final TransferDraws draws;

  HttpReducerCalls(HttpClient client, String baseUrl, TransferDraws draws) {
    this.client = client;
    this.transfer =
        URI.create(baseUrl + "/v1/modules/" + TransferLoad.MODULE + "/reducers/transfer");
    this.draws = draws;
  }

  @Override
  public CompletionStage<TxReceipt> send(SplittableRandom random) {
    var t = draws.next(random);
    var request =
        HttpRequest.newBuilder(transfer)
            .timeout(REQUEST_TIMEOUT)
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "[" + t.from() + "," + t.to() + "," + t.amount() + "]"))
            .build();
    return client
        .sendAsync(request, HttpResponse.BodyHandlers.ofString())
        .thenApply(response -> HttpLoad.receipt(response.statusCode(), response.body()));
  }

  @Override
  public boolean refused(Throwable error) {
    return TransferLoad.isRefusal(error);
  }
}
