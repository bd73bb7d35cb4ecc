package org.imihub.routes.translation;

import jakarta.annotation.PreDestroy;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.imihub.contract.Digests;
import org.imihub.contract.hub.v1.Translation;
import org.imihub.contract.hub.v1.TranslationStatusType;
import org.imihub.contract.signature.XmlSigner;
import org.imihub.contract.xml.ContractJaxb;
import org.imihub.contract.xml.SecureXml;
import org.imihub.routes.DaemonThreads;
import org.imihub.routes.HubProperties;
import org.imihub.routes.exchange.ExchangeRecord;
import org.imihub.routes.exchange.ExchangeStore;
import org.imihub.routes.ingest.HubMessages;
import org.imihub.routes.ingest.MessageLedger;
import org.imihub.routes.ingest.ReceiptIssuer;
import org.imihub.routes.translation.TranslationStore.Key;
import org.imihub.routes.translation.TranslationStore.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import org.w3c.dom.Element;

/**
 * Machine translation of free text on the way to each reader (docs/machine-translation.md). A
 * translation is asked for once per message, free text and target language, when the first
 * recipient reading that language is delivered, and shared by all others. A delivery waits for it
 * at most {@code hub.delivery.translation-wait}; then it goes on with the original and a flag
 * (PENDING), and the translation follows as a hub-signed {@code hub:Translation} delivery of its
 * own once the service gives it, or word that none came after {@link #MAX_ATTEMPTS} attempts. A
 * slow or failing service never holds a delivery longer than that wait, and what is pending is in
 * the database, so a restart asks again ({@link #retry}) rather than forgetting.
 */
@Component
public class FreeTextTranslations {
  /** Attempts before a translation is given up as UNAVAILABLE. */
  public static final int MAX_ATTEMPTS = 5;

  static final String FOLLOW_UP_TYPE = "TRANSLATION";
  private static final Logger log = LoggerFactory.getLogger(FreeTextTranslations.class);

  /** What a reading says about one free text. */
  public record Outcome(Status status, String engine, String text) {}

  private final Optional<MachineTranslation> engine;
  private final TranslationStore store;
  private final HubMessages hubMessages;
  private final ExchangeStore exchanges;
  private final MessageLedger messages;
  private final XmlSigner hubSigner;
  private final Duration wait;
  private final Duration retryAfter;
  private final Clock clock;
  private final Map<Key, CompletableFuture<Void>> inFlight = new ConcurrentHashMap<>();

  /** Settles answers off the HTTP client's threads: a database write and perhaps a broker send. */
  private final ExecutorService settling =
      Executors.newFixedThreadPool(2, DaemonThreads.named("translation-settle"));

  public FreeTextTranslations(
      ObjectProvider<MachineTranslation> engine,
      TranslationStore store,
      HubMessages hubMessages,
      ExchangeStore exchanges,
      MessageLedger messages,
      XmlSigner hubSigner,
      HubProperties properties,
      Clock clock) {
    this.engine = Optional.ofNullable(engine.getIfAvailable());
    this.store = store;
    this.hubMessages = hubMessages;
    this.exchanges = exchanges;
    this.messages = messages;
    this.hubSigner = hubSigner;
    this.wait = properties.delivery().translationWait();
    this.retryAfter = properties.delivery().translationRetryPeriod();
    this.clock = clock;
  }

  /** Lets answers under way finish settling (a database write each) before the hub stops. */
  @PreDestroy
  void stop() throws InterruptedException {
    settling.shutdown();
    settling.awaitTermination(5, TimeUnit.SECONDS);
  }

  /**
   * What {@code reader} is told about the free text at {@code index} (from 1) of a message: empty
   * when there is nothing to say (no engine configured, or the text is in the reader's language).
   */
  public Optional<Outcome> forReader(
      String messageId,
      String exchangeId,
      int index,
      String text,
      String sourceLanguage,
      Reader reader) {
    if (engine.isEmpty() || sourceLanguage.equals(reader.language())) {
      return Optional.empty();
    }
    Key key = new Key(messageId, index, reader.language());
    if (store.find(key).isEmpty()
        && store.claim(key, exchangeId, sourceLanguage, clock.instant())) {
      ask(key, text, sourceLanguage);
    }
    awaitInFlight(key);
    Optional<Outcome> settled = settled(key);
    if (settled.isPresent()) {
      return settled;
    }
    if (!reader.takesFollowUps()) {
      return Optional.of(new Outcome(Status.UNAVAILABLE, null, null));
    }
    store.await(key, reader.id());
    // Settled between the look and the wait: the follow-up may not count this reader; say it now.
    settled = settled(key);
    if (settled.isPresent()) {
      store.forgetWaiters(key, List.of(reader.id()));
      return settled;
    }
    return Optional.of(new Outcome(Status.PENDING, null, null));
  }

  /**
   * Asks again for translations pending longer than the retry period with no answer under way on
   * this node (a failed attempt, or one lost with a restart), gives up after {@link #MAX_ATTEMPTS},
   * and sends the follow-ups that did not go out. Run by {@code TranslationRoute}.
   */
  public int retry() {
    Instant now = clock.instant();
    int handled = 0;
    for (TranslationStore.Translation pending : store.pendingSince(now.minus(retryAfter), 100)) {
      if (inFlight.containsKey(pending.key())) {
        continue;
      }
      if (engine.isEmpty() || pending.attempts() >= MAX_ATTEMPTS) {
        store.unavailable(pending.key(), now);
        followUp(pending.key());
      } else if (store.reclaim(pending, now)) {
        ask(pending.key(), freeText(pending.key()), pending.sourceLanguage());
      }
      handled++;
    }
    for (TranslationStore.Translation settled : store.settledAndAwaited(100)) {
      followUp(settled.key());
      handled++;
    }
    return handled;
  }

  private void ask(Key key, String text, String sourceLanguage) {
    CompletableFuture<Void> settledHere = new CompletableFuture<>();
    inFlight.put(key, settledHere);
    MachineTranslation service = engine.orElseThrow();
    service
        .translate(text, sourceLanguage, key.targetLanguage())
        .handleAsync(
            (translated, failure) -> {
              settle(key, service.engine(), translated, failure);
              return null;
            },
            settling)
        .whenComplete(
            (ignored, failure) -> {
              if (failure != null) {
                log.error("Settling the translation of {} failed", key, failure);
              }
              inFlight.remove(key, settledHere);
              settledHere.complete(null);
            });
  }

  private void settle(Key key, String engineName, String translated, Throwable failure) {
    Instant now = clock.instant();
    if (failure == null) {
      store.translated(key, engineName, translated, now);
      followUp(key);
      return;
    }
    int attempts = store.find(key).map(TranslationStore.Translation::attempts).orElse(0);
    // The cause's message says what failed, never the text (MachineTranslation's contract).
    log.warn(
        "Machine translation of message {} free text {} into {} failed (attempt {} of {}): {}",
        key.messageId(),
        key.index(),
        key.targetLanguage(),
        attempts,
        MAX_ATTEMPTS,
        rootCause(failure).getMessage());
    if (attempts >= MAX_ATTEMPTS) {
      store.unavailable(key, now);
      followUp(key);
    }
  }

  /** Sends the settled translation to everyone who got the message before it. */
  private void followUp(Key key) {
    List<String> waiters = store.waiters(key);
    TranslationStore.Translation translation = store.find(key).orElseThrow();
    if (waiters.isEmpty() || translation.status() == Status.PENDING) {
      return;
    }
    ExchangeRecord exchange = exchanges.find(translation.exchangeId()).orElse(null);
    if (exchange == null) {
      return;
    }
    String id = followUpId(key);
    byte[] document =
        SecureXml.toBytes(hubSigner.sign(ContractJaxb.write(document(id, exchange, translation))));
    HubMessages.Outcome outcome =
        hubMessages.issue(id, exchange, FOLLOW_UP_TYPE, waiters, document, clock.instant());
    if (outcome != HubMessages.Outcome.NOT_QUEUED) {
      store.forgetWaiters(key, waiters);
      log.info(
          "Translation of message {} free text {} into {} ({}) follows to {}",
          key.messageId(),
          key.index(),
          key.targetLanguage(),
          translation.status(),
          waiters);
    }
  }

  private Translation document(
      String id, ExchangeRecord exchange, TranslationStore.Translation translation) {
    Translation document = new Translation();
    document.setTranslationId(id);
    document.setMessageId(translation.key().messageId());
    document.setExchangeId(exchange.id());
    document.setProcedureCode(exchange.procedureCode());
    document.setIndex(java.math.BigInteger.valueOf(translation.key().index()));
    document.setSourceLang(translation.sourceLanguage());
    document.setTargetLang(translation.key().targetLanguage());
    document.setStatus(TranslationStatusType.fromValue(translation.status().name()));
    document.setEngine(translation.engine());
    document.setText(translation.text());
    document.setIssuedAt(ReceiptIssuer.xmlTime(clock.instant()));
    return document;
  }

  /** One follow-up per free text and language: the same id however often it is issued. */
  static String followUpId(Key key) {
    String about = key.messageId() + "|" + key.index() + "|" + key.targetLanguage();
    return "translation-"
        + Digests.sha256Hex(about.getBytes(StandardCharsets.UTF_8)).substring(0, 40);
  }

  private Optional<Outcome> settled(Key key) {
    return store
        .find(key)
        .filter(translation -> translation.status() != Status.PENDING)
        .map(
            translation ->
                new Outcome(translation.status(), translation.engine(), translation.text()));
  }

  private void awaitInFlight(Key key) {
    CompletableFuture<Void> answer = inFlight.get(key);
    if (answer == null) {
      return;
    }
    try {
      answer.get(wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException stillPendingOrFailed) {
      // The delivery goes on; the translation follows.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The free text at {@code key.index()} of the recorded message, to ask again after a restart. */
  private String freeText(Key key) {
    var texts =
        SecureXml.parse(messages.signedBytes(key.messageId()))
            .getElementsByTagNameNS(Readings.ENV_NS, "FreeText");
    return ((Element) texts.item(key.index() - 1)).getTextContent();
  }

  private static Throwable rootCause(Throwable failure) {
    Throwable cause = failure;
    while (cause.getCause() != null && cause != cause.getCause()) {
      cause = cause.getCause();
    }
    return cause;
  }
}
