package org.imihub.routes.ingest;

/**
 * How much work the hub has taken on and not finished: the deliveries waiting on its delivery queue
 * that could be worked on now. Redeliveries scheduled for later (a back office that is down) do not
 * count: they must not hold back the others' messages. The broker side provides it; without it (an
 * external broker) there is no admission limit.
 */
@FunctionalInterface
public interface Backlog {
  long waiting();
}
