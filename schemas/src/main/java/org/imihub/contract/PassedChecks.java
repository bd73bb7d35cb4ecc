package org.imihub.contract;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keys that passed a costly check (a password against its bcrypt hash, a certificate's path to a
 * trusted CA), each remembered for a while so that the same caller is not checked in full on every
 * call. Only passes are kept: a key that fails is checked in full every time. At most {@code
 * capacity} keys are kept; when full, the expired ones go, and if that is not enough, all of them.
 */
public final class PassedChecks {
  private final Duration remembered;
  private final int capacity;
  private final Clock clock;
  private final Map<String, Instant> passedUntil = new ConcurrentHashMap<>();

  public PassedChecks(Duration remembered, int capacity, Clock clock) {
    this.remembered = remembered;
    this.capacity = capacity;
    this.clock = clock;
  }

  /** Whether {@code key} passed its check less than the remembered time ago. */
  public boolean passed(String key) {
    Instant until = passedUntil.get(key);
    return until != null && clock.instant().isBefore(until);
  }

  /** Remembers a pass for the remembered time. */
  public void remember(String key) {
    remember(key, Instant.MAX);
  }

  /** Remembers a pass for the remembered time, but not beyond {@code notAfter}. */
  public void remember(String key, Instant notAfter) {
    Instant now = clock.instant();
    if (passedUntil.size() >= capacity) {
      passedUntil.values().removeIf(until -> !now.isBefore(until));
      if (passedUntil.size() >= capacity) {
        passedUntil.clear();
      }
    }
    Instant until = now.plus(remembered);
    passedUntil.put(key, until.isBefore(notAfter) ? until : notAfter);
  }

  public void forget(String key) {
    passedUntil.remove(key);
  }
}
