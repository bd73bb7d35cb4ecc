package org.imihub.routes;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/** Everything under {@code hub.*}: see config/application.yml for the documented defaults. */
@ConfigurationProperties("hub")
public record HubProperties(
    @DefaultValue("EU-IMI-HUB") String id,
    Identity identity,
    String directoryFile,
    @DefaultValue("config/procedures") String proceduresDir,
    @DefaultValue("config/dialects") String dialectsDir,
    @DefaultValue Ingest ingest,
    @DefaultValue Queues queues,
    @DefaultValue Delivery delivery,
    @DefaultValue Lifecycle lifecycle,
    @DefaultValue Database database) {

  /**
   * The hub's own key and certificate (PEM files: TLS and WS-Security, which wants RSA), the key
   * and certificate it signs its documents with (receipts, deliveries, notices; by default the
   * same; an EC P-256 key signs several times faster, docs/signatures.md), and the CAs whose
   * certificates it trusts. Plain file names rather than Paths: Spring's Path conversion treats
   * them as resource URLs.
   */
  public record Identity(
      String privateKey,
      String certificate,
      String documentKey,
      String documentCertificate,
      List<String> trustedCas) {}

  /** The directory file to load at start-up, if any. */
  public Path directoryPath() {
    return directoryFile == null || directoryFile.isBlank() ? null : Path.of(directoryFile);
  }

  /** The folder of procedure folders (docs/procedures.md). */
  public Path proceduresPath() {
    return Path.of(proceduresDir);
  }

  /** The folder of back-office dialect folders (docs/dialects.md); missing means none. */
  public Path dialectsPath() {
    return Path.of(dialectsDir);
  }

  /**
   * Ingest: the largest message, and admission: while more than {@code maxBacklog} deliveries wait
   * on the delivery queue (0: no limit), a new message waits for room, at most {@code maxWait},
   * then is refused as HUB_UNAVAILABLE.
   */
  public record Ingest(
      @DefaultValue("10MB") DataSize maxMessageSize,
      @DefaultValue("1000") long maxBacklog,
      @DefaultValue("10s") Duration maxWait) {}

  public record Queues(
      @DefaultValue("hub.delivery") String delivery,
      @DefaultValue("hub.delivery.dlq") String deliveryDeadLetter,
      @DefaultValue("hub.delivery.paused") String deliveryPaused) {}

  /**
   * Deadlines of requests: acceptance expected within {@code acceptancePeriod} of sending (IMI: one
   * week); a reminder {@code reminderBefore} a deadline; escalation to the coordinators when a
   * deadline passes or nothing happens for {@code inactivityPeriod} (IMI: two months). The watch
   * looks every {@code watchPeriod}.
   */
  public record Lifecycle(
      @DefaultValue("7d") Duration acceptancePeriod,
      @DefaultValue("2d") Duration reminderBefore,
      @DefaultValue("60d") Duration inactivityPeriod,
      @DefaultValue("1m") Duration watchPeriod,
      @DefaultValue("true") boolean watchEnabled) {}

  /**
   * Deliveries: {@code translationWait} is how long a delivery waits for a machine translation of
   * its free text before it goes on with the original and a flag (the translation follows); pending
   * translations are asked again every {@code translationRetryPeriod}.
   */
  public record Delivery(
      @DefaultValue("true") boolean enabled,
      @DefaultValue("16") int consumers,
      @DefaultValue("10s") Duration connectTimeout,
      @DefaultValue("30s") Duration responseTimeout,
      @DefaultValue("30s") Duration healthCheckInterval,
      @DefaultValue("2s") Duration translationWait,
      @DefaultValue("1m") Duration translationRetryPeriod) {}

  /**
   * The database: {@code writers} threads commit the hot path's units of work, each taking every
   * unit waiting into one transaction ({@code SharedCommits}); the embedded H2 file is kept compact
   * and forced to the disk every {@code upkeepInterval}.
   */
  public record Database(
      @DefaultValue("1") int writers, @DefaultValue("250ms") Duration upkeepInterval) {}
}
