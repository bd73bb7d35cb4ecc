package org.imihub.benchmark.bounds;

import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import java.net.URL;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.apache.activemq.artemis.core.config.FileDeploymentManager;
import org.apache.activemq.artemis.core.config.impl.FileConfiguration;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

/**
 * The broker hop's bound on this machine's disk: how many durable messages per second an embedded
 * Artemis broker, configured exactly as the hub configures its own (the hub's broker.xml: NIO
 * journal, every durable write synced to disk), carries from senders to receivers, with nothing of
 * the hub around it.
 *
 * <p>Every message the hub accepts crosses the broker at least twice (the inbound queue, then one
 * delivery per recipient), each crossing a synced journal write on send and another on the
 * consumer's commit. So the disk's sync rate, not the CPU, may be what limits the hub; this
 * measures that limit with the hub's own access pattern: persistent sends, not transacted, each
 * blocking until durable; transacted receivers committing each message, as the hub's Camel
 * consumers do. It counts messages received (committed) per second.
 */
public final class ArtemisBound {
  /** What one measurement found. */
  public record Result(double perSecond, int producers, int consumers, long messages) {}

  /** The delivery queue declared in the hub's broker.xml. */
  private static final String QUEUE = "hub.delivery";

  /**
   * In-VM server ids for the brokers started here; far above the hub's own (which count from 0), so
   * a hub embedded in the same JVM never shares one.
   */
  private static final AtomicInteger IN_VM_IDS = new AtomicInteger(10_000);

  /** How long a receiver waits before it checks again whether to stop. */
  private static final long RECEIVE_TIMEOUT_MS = 100;

  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

  private ArtemisBound() {}

  /**
   * Starts a broker from {@code brokerXml} with its data in {@code dataDir}, runs the clients for
   * {@code warmUp} (not counted) then {@code duration} (counted), and stops the broker. Nothing is
   * deleted: the caller owns {@code dataDir}, which should be empty (messages left in it from an
   * earlier run would be received and counted too).
   *
   * @param messageBytes the size of each message's body
   * @throws IllegalStateException if the broker does not start or a client fails
   */
  public static Result measure(
      URL brokerXml,
      Path dataDir,
      int producers,
      int consumers,
      int messageBytes,
      Duration warmUp,
      Duration duration) {
    if (producers < 1
        || consumers < 1
        || messageBytes < 0
        || duration.isZero()
        || duration.isNegative()) {
      throw new IllegalArgumentException(
          "Need a producer, a consumer, a message size and a positive duration.");
    }
    int inVmId = IN_VM_IDS.getAndIncrement();
    EmbeddedActiveMQ broker = startBroker(brokerXml, dataDir, inVmId);
    RuntimeException failure = null;
    try {
      return measureClients(
          new ActiveMQConnectionFactory("vm://" + inVmId),
          producers,
          consumers,
          messageBytes,
          warmUp,
          duration);
    } catch (RuntimeException e) {
      failure = e;
      throw e;
    } finally {
      stopBroker(broker, failure);
    }
  }

  /**
   * Stops the broker; a failure to stop is reported, but never hides the measurement's own failure.
   */
  private static void stopBroker(EmbeddedActiveMQ broker, RuntimeException measurementFailure) {
    try {
      broker.stop();
    } catch (Exception e) {
      if (measurementFailure != null) {
        measurementFailure.addSuppressed(e);
      } else {
        throw new IllegalStateException("The broker did not stop cleanly", e);
      }
    }
  }

  /** As {@code BrokerConfiguration.embeddedBroker} does it in the hub. */
  private static EmbeddedActiveMQ startBroker(URL brokerXml, Path dataDir, int inVmId) {
    try {
      FileConfiguration configuration = new FileConfiguration();
      FileDeploymentManager deployment = new FileDeploymentManager(brokerXml.toString());
      deployment.addDeployable(configuration);
      deployment.readConfiguration();
      // A name of its own: JMX names its beans after the broker.
      configuration.setName(configuration.getName() + "-bound-" + inVmId);
      configuration.addAcceptorConfiguration("in-vm", "vm://" + inVmId);
      configuration.setJournalDirectory(dataDir.resolve("journal").toString());
      configuration.setBindingsDirectory(dataDir.resolve("bindings").toString());
      configuration.setPagingDirectory(dataDir.resolve("paging").toString());
      configuration.setLargeMessagesDirectory(dataDir.resolve("large-messages").toString());
      configuration.setNodeManagerLockDirectory(dataDir.toString());
      EmbeddedActiveMQ broker = new EmbeddedActiveMQ();
      broker.setConfiguration(configuration);
      broker.start();
      return broker;
    } catch (Exception e) {
      throw new IllegalStateException("The broker did not start from " + brokerXml, e);
    }
  }

  /**
   * One connection shared by all clients, each with its own session, as the hub's caching
   * connection factory shares one.
   */
  private static Result measureClients(
      ActiveMQConnectionFactory factory,
      int producers,
      int consumers,
      int messageBytes,
      Duration warmUp,
      Duration duration) {
    byte[] body = new byte[messageBytes];
    // Random rather than zeros, in case anything on the way compresses.
    ThreadLocalRandom.current().nextBytes(body);
    LongAdder received = new LongAdder();
    AtomicBoolean running = new AtomicBoolean(true);
    ExecutorService pool =
        Executors.newFixedThreadPool(producers + consumers, daemonThreads("artemis-bound-"));
    CompletionService<Void> completion = new ExecutorCompletionService<>(pool);
    List<Future<Void>> clients = new ArrayList<>();
    Connection connection = null;
    try {
      connection = factory.createConnection();
      connection.start();
      Connection shared = connection;
      for (int i = 0; i < consumers; i++) {
        clients.add(completion.submit(receiver(shared, running, received)));
      }
      for (int i = 0; i < producers; i++) {
        clients.add(completion.submit(sender(shared, running, body)));
      }
      waitUnlessAClientEnds(completion, warmUp);
      long countedBefore = received.sum();
      long start = System.nanoTime();
      waitUnlessAClientEnds(completion, duration);
      long messages = received.sum() - countedBefore;
      double seconds = (System.nanoTime() - start) / 1e9;
      running.set(false);
      for (Future<Void> client : clients) {
        rethrowFailure(client);
      }
      return new Result(messages / seconds, producers, consumers, messages);
    } catch (JMSException e) {
      throw new IllegalStateException("Could not connect to the broker", e);
    } finally {
      running.set(false);
      pool.shutdown();
      awaitQuietly(pool);
      // Closing the connection also unblocks any client still stuck in a send or receive.
      closeQuietly(connection);
      pool.shutdownNow();
    }
  }

  /** Persistent sends outside a transaction: each returns once the broker has it on disk. */
  private static Callable<Void> sender(Connection connection, AtomicBoolean running, byte[] body) {
    return () -> {
      try (Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
        Queue queue = session.createQueue(QUEUE);
        MessageProducer producer = session.createProducer(queue);
        producer.setDeliveryMode(DeliveryMode.PERSISTENT);
        while (running.get()) {
          BytesMessage message = session.createBytesMessage();
          message.writeBytes(body);
          producer.send(message);
        }
      }
      return null;
    };
  }

  /** A transacted session committing each message, as the hub's consumers do. */
  private static Callable<Void> receiver(
      Connection connection, AtomicBoolean running, LongAdder received) {
    return () -> {
      try (Session session = connection.createSession(true, Session.SESSION_TRANSACTED)) {
        MessageConsumer consumer = session.createConsumer(session.createQueue(QUEUE));
        while (running.get()) {
          Message message = consumer.receive(RECEIVE_TIMEOUT_MS);
          if (message != null) {
            // Read the body, as a consumer that does something with it would.
            message.getBody(byte[].class);
            session.commit();
            received.increment();
          }
        }
      }
      return null;
    };
  }

  /**
   * Waits for {@code period}, returning early only by throwing: a client ends before it is told to
   * only when it failed.
   */
  private static void waitUnlessAClientEnds(CompletionService<Void> completion, Duration period) {
    try {
      Future<Void> ended = completion.poll(period.toNanos(), TimeUnit.NANOSECONDS);
      if (ended != null) {
        rethrowFailure(ended);
        throw new IllegalStateException("A client stopped before it was told to.");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while measuring", e);
    }
  }

  private static void rethrowFailure(Future<Void> client) {
    try {
      client.get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException("A broker client failed: " + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("A client did not stop within " + STOP_TIMEOUT, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while stopping", e);
    }
  }

  private static void awaitQuietly(ExecutorService pool) {
    try {
      pool.awaitTermination(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void closeQuietly(Connection connection) {
    if (connection == null) {
      return;
    }
    try {
      connection.close();
    } catch (JMSException e) {
      // Stopping the broker next closes it anyway.
    }
  }

  /** Daemon threads, so a stuck client can never keep the benchmark's JVM alive. */
  private static ThreadFactory daemonThreads(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
