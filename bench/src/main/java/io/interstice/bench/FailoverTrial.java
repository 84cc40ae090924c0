package io.interstice.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * One failover of {@link ClusterBench}: the node running the module was killed with {@code kill
 * -9}, and the module served again on a survivor.
 *
 * @param trial 1-based number of the trial
 * @param killed id of the node killed, the one that ran the module
 * @param movedTo id of the node that ran the module afterwards
 * @param serveMillis from the kill to the first call answered 200 by a survivor: the failover time
 * @param unreachableMillis from the kill to a survivor's {@code GET /v1/cluster} first showing the
 *     killed node unreachable; -1 when no poll saw it (polls every 100 ms, each answered within 1
 *     s)
 * @param removedMillis from the kill to that node's first poll without the killed member; -1 when
 *     none saw it before the module served
 * @param attempts calls sent to survivors until one was answered 200, that one included
 * @param failures the attempts that failed, counted by the client's kind of failure ({@code
 *     TIMEOUT}: no answer within 1 s; {@code UNAVAILABLE}: the node answered 503; ...)
 * @param rejoinMillis from the restart of the killed node to every node seeing all members up again
 */
record FailoverTrial(
    int trial,
    String killed,
    String movedTo,
    double serveMillis,
    double unreachableMillis,
    double removedMillis,
    int attempts,
    Map<String, Integer> failures,
    double rejoinMillis) {

  FailoverTrial {
    failures = Collections.unmodifiableMap(new TreeMap<>(failures));
  }

  ObjectNode json() {
    var json =
        ReportJson.object()
            .put("trial", trial)
            .put("killed", killed)
            .put("movedTo", movedTo)
            .put("serveMillis", ReportJson.rounded(serveMillis, 1))
            .put("unreachableMillis", ReportJson.rounded(unreachableMillis, 1))
            .put("removedMillis", ReportJson.rounded(removedMillis, 1))
            .put("attempts", attempts);
    var failed = json.putObject("failures");
    failures.forEach(failed::put);
    return json.put("rejoinMillis", ReportJson.rounded(rejoinMillis, 1));
  }
}
