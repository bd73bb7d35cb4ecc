package org.imihub.routes.database;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.imihub.routes.DaemonThreads;
import org.imihub.routes.HubProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The hub's units of work on the hot path (a hand-off, a mailbox delivery, a delivery's status, a
 * batch of acknowledgements), from many threads, written by a few writer threads that put every
 * unit waiting at the moment into one database transaction: one commit for all of them.
 *
 * <p>Why: with the embedded H2, each commit writes a new copy of every page it touched, from the
 * leaf to the root of each table and index, and that writing is most of the database's cost, a
 * third of the hub's CPU (docs/performance.md). Units that share a commit share the pages they have
 * in common (the upper levels, the last leaf of keys that grow), though not the leaves their random
 * ids land in; and only the writer commits, so no thread queues at H2's store lock behind a
 * committer the scheduler has set aside, which had made the hub's latency tail at 100 messages/s.
 * Nobody waits on purpose: while a writer commits, the units that arrive meanwhile gather for its
 * next transaction, so a commit holds one unit when the hub is quiet and more as the load rises,
 * and the caller's latency is its own unit's plus the commit it shares.
 *
 * <p>Each unit runs in a savepoint of its own: a unit that throws is rolled back alone, and its
 * caller gets its exception, while the others commit. Every caller learns its outcome only after
 * the commit: a refused unit's caller may look at what the others committed (two copies of one
 * message at the same moment). If the commit fails, every unit in it fails with that failure.
 *
 * <p>A unit's broker sends go last in it, after its database statements: a transacted JMS session
 * synchronised with the transaction commits right after it, for the whole batch, and knows nothing
 * of savepoints, so a send made before a statement that then fails would stay.
 */
@Component
public class SharedCommits implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SharedCommits.class);

  /** At most this many units share a commit, so that none waits behind a very long transaction. */
  static final int MAX_UNITS_PER_COMMIT = 64;

  private final TransactionTemplate transactions;
  private final TransactionTemplate savepoints;
  private final BlockingQueue<Unit<?>> waiting = new LinkedBlockingQueue<>();
  private final List<Thread> writers = new ArrayList<>();
  private final DistributionSummary unitsPerCommit;
  private volatile boolean closed;

  @Autowired
  public SharedCommits(
      PlatformTransactionManager transactionManager,
      HubProperties properties,
      MeterRegistry meters) {
    this(transactionManager, properties.database().writers(), meters);
  }

  SharedCommits(
      PlatformTransactionManager transactionManager, int writerCount, MeterRegistry meters) {
    this.transactions = new TransactionTemplate(transactionManager);
    this.savepoints = new TransactionTemplate(transactionManager);
    savepoints.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
    this.unitsPerCommit =
        DistributionSummary.builder("imihub.database.units.per.commit")
            .description("Units of work (hand-offs, deliveries, acknowledgements) sharing a commit")
            .register(meters);
    Gauge.builder("imihub.database.units.waiting", waiting, BlockingQueue::size)
        .description("Units of work waiting for a database writer")
        .register(meters);
    var threads = DaemonThreads.named("database-writer");
    for (int i = 0; i < writerCount; i++) {
      Thread writer = threads.newThread(this::write);
      writers.add(writer);
      writer.start();
    }
  }

  /** Runs {@code unit} in a shared transaction; returns once it is committed. */
  public void run(Runnable unit) {
    call(
        () -> {
          unit.run();
          return null;
        });
  }

  /**
   * Runs {@code unit} in a shared transaction and returns its result once it is committed.
   *
   * @throws RuntimeException what the unit threw (it was rolled back, the others were not), or why
   *     the shared commit failed
   */
  public <T> T call(Supplier<T> unit) {
    if (writers.contains(Thread.currentThread())) {
      return unit.get(); // a unit within a unit: part of the transaction it is already in
    }
    Unit<T> queued = new Unit<>(unit);
    boolean forTheWriters;
    synchronized (waiting) {
      forTheWriters = !closed;
      if (forTheWriters) {
        waiting.add(queued);
      }
    }
    // Stopping, once the writers have taken their last units: this one commits on its own.
    return forTheWriters ? queued.outcome() : transactions.execute(alone -> unit.get());
  }

  private void write() {
    List<Unit<?>> batch = new ArrayList<>(MAX_UNITS_PER_COMMIT);
    while (!closed || !waiting.isEmpty()) {
      try {
        Unit<?> first = waiting.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        waiting.drainTo(batch, MAX_UNITS_PER_COMMIT - 1);
        commit(batch);
      } catch (InterruptedException stop) {
        Thread.currentThread().interrupt();
        return;
      } finally {
        batch.clear();
      }
    }
  }

  private void commit(List<Unit<?>> batch) {
    RuntimeException commitFailed = null;
    try {
      transactions.executeWithoutResult(
          shared -> {
            for (Unit<?> unit : batch) {
              unit.runIn(savepoints);
            }
          });
      unitsPerCommit.record(batch.size());
    } catch (RuntimeException | Error failed) {
      log.warn("A shared commit of {} units failed: {}", batch.size(), failed.getClass().getName());
      commitFailed =
          failed instanceof RuntimeException runtime ? runtime : new IllegalStateException(failed);
    }
    for (Unit<?> unit : batch) {
      unit.settle(commitFailed);
    }
  }

  /** Stops taking units once those waiting are committed; later ones commit on their own. */
  @Override
  public void close() throws InterruptedException {
    synchronized (waiting) {
      closed = true;
    }
    for (Thread writer : writers) {
      writer.join(TimeUnit.SECONDS.toMillis(30));
    }
  }

  private static final class Unit<T> {
    private final Supplier<T> work;
    private final CompletableFuture<T> outcome = new CompletableFuture<>();
    private T result;
    private RuntimeException refused;

    Unit(Supplier<T> work) {
      this.work = work;
    }

    /** In its own savepoint: rolled back alone if it throws. */
    void runIn(TransactionTemplate savepoints) {
      try {
        result = savepoints.execute(savepoint -> work.get());
      } catch (RuntimeException thrown) {
        refused = thrown;
      }
    }

    void settle(RuntimeException commitFailed) {
      if (refused != null) {
        outcome.completeExceptionally(refused);
      } else if (commitFailed != null) {
        outcome.completeExceptionally(commitFailed);
      } else {
        outcome.complete(result);
      }
    }

    /** Waits for the commit, even if interrupted: the unit may commit all the same. */
    T outcome() {
      boolean interrupted = false;
      try {
        while (true) {
          try {
            return outcome.get();
          } catch (InterruptedException e) {
            interrupted = true;
          } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
              throw runtime;
            }
            throw (Error) e.getCause();
          }
        }
      } finally {
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }
}
