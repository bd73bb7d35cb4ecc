package org.imihub.benchmark;

import java.util.List;

/**
 * A message ready to send: signed by its sender before the stage starts, so that the stage measures
 * the hub and not the benchmark's own signing (a back office signs on its own machine).
 *
 * @param stage the stage whose figures it counts in
 * @param soap whether it goes over SOAP (WS-Security) rather than REST
 */
record Outgoing(
    String stage,
    String sender,
    String messageId,
    List<String> recipients,
    byte[] bytes,
    boolean soap) {}
