package org.imihub.routes;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Threads for the hub's own small pools (mailbox waits, translations, database upkeep): named, so
 * that thread dumps and the benchmark's profile tell them apart, and daemons, so that a pool
 * forgotten at shutdown never keeps a stopping hub alive.
 */
public final class DaemonThreads {
  private DaemonThreads() {}

  /** Threads named {@code name-1}, {@code name-2}, ... */
  public static ThreadFactory named(String name) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
