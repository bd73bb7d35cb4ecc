package org.imihub.routes.ingest;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import org.imihub.contract.ErrorCode;
import org.imihub.contract.HubException;
import org.imihub.routes.HubProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Admission: a new message waits while the hub has more work waiting than {@code
 * hub.ingest.max-backlog}. Without it, senders faster than the deliveries fill the queues: at
 * saturation the benchmark's clients got their receipts while the backlog grew to tens of seconds,
 * and the requests took the CPU the deliveries needed. Waiting here holds the sender's call (and a
 * request thread), which slows the senders to the pace of the deliveries; after {@code
 * hub.ingest.max-wait} the message is refused as HUB_UNAVAILABLE, nothing kept, to be sent again.
 */
@Component
public class Admission {
  // Each waiting request looks this often: often enough to go on soon after room is made, seldom
  // enough that sixteen waiting threads do not take the CPU the deliveries need.
  private static final long LOOK_EVERY_NANOS = Duration.ofMillis(25).toNanos();

  private final Backlog backlog;
  private final long maxBacklog;
  private final long maxWaitNanos;
  private volatile long lastWaiting;
  private volatile long lastLookNanos = System.nanoTime() - LOOK_EVERY_NANOS;

  @Autowired
  public Admission(ObjectProvider<Backlog> backlog, HubProperties properties) {
    this(
        backlog.getIfAvailable(() -> () -> 0),
        properties.ingest().maxBacklog(),
        properties.ingest().maxWait());
  }

  Admission(Backlog backlog, long maxBacklog, Duration maxWait) {
    this.backlog = backlog;
    this.maxBacklog = maxBacklog;
    this.maxWaitNanos = maxWait.toNanos();
  }

  /** Returns once there is room for one more message; refuses it if none came in time. */
  public void awaitRoom(Inbound inbound) {
    if (maxBacklog <= 0) {
      return;
    }
    long giveUpAt = System.nanoTime() + maxWaitNanos;
    long waiting;
    while ((waiting = waiting()) > maxBacklog) {
      if (System.nanoTime() - giveUpAt > 0) {
        throw new HubException(
            ErrorCode.HUB_UNAVAILABLE,
            "The hub is busy: "
                + waiting
                + " deliveries wait to be made. Send this one again in a few seconds.");
      }
      LockSupport.parkNanos(LOOK_EVERY_NANOS);
    }
  }

  /**
   * The backlog, asked of the broker at most once per {@link #LOOK_EVERY_NANOS} whatever the number
   * of requests: every message passes here.
   */
  private long waiting() {
    long now = System.nanoTime();
    if (now - lastLookNanos >= LOOK_EVERY_NANOS) {
      lastWaiting = backlog.waiting();
      lastLookNanos = now;
    }
    return lastWaiting;
  }
}
