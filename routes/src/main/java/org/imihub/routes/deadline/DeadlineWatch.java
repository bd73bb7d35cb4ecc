package org.imihub.routes.deadline;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.imihub.contract.Digests;
import org.imihub.contract.hub.v1.Notice;
import org.imihub.contract.hub.v1.NoticeKindType;
import org.imihub.contract.signature.XmlSigner;
import org.imihub.contract.xml.ContractJaxb;
import org.imihub.contract.xml.SecureXml;
import org.imihub.routes.HubProperties;
import org.imihub.routes.directory.Authority;
import org.imihub.routes.directory.Directory;
import org.imihub.routes.exchange.ExchangeRecord;
import org.imihub.routes.exchange.ExchangeStore;
import org.imihub.routes.ingest.HubMessages;
import org.imihub.routes.ingest.ReceiptIssuer;
import org.imihub.routes.metrics.HubMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Looks at the ongoing requests and issues the reminders and escalations that are due (see {@link
 * Deadlines}): a hub-signed {@code hub:Notice}, recorded as a message of the exchange and delivered
 * like any other, to the responder (reminder) or to the coordinators of both countries
 * (escalation). Each notice's id is derived from what it is about, so however often the watch runs,
 * and on however many nodes, a notice is issued once.
 */
@Component
public class DeadlineWatch {
  static final String JOB = "deadline-watch";
  private static final Logger log = LoggerFactory.getLogger(DeadlineWatch.class);

  private final ExchangeStore exchanges;
  private final Directory directory;
  private final HubMessages hubMessages;
  private final XmlSigner hubSigner;
  private final SchedulerLock lock;
  private final Deadlines deadlines;
  private final Duration lease;
  private final Clock clock;
  private final HubMetrics metrics;
  private volatile boolean plannedSinceStart;

  public DeadlineWatch(
      ExchangeStore exchanges,
      Directory directory,
      HubMessages hubMessages,
      XmlSigner hubSigner,
      SchedulerLock lock,
      HubProperties properties,
      Deadlines deadlines,
      Clock clock,
      HubMetrics metrics) {
    this.exchanges = exchanges;
    this.directory = directory;
    this.hubMessages = hubMessages;
    this.hubSigner = hubSigner;
    this.lock = lock;
    this.deadlines = deadlines;
    this.lease = properties.lifecycle().watchPeriod().multipliedBy(5);
    this.clock = clock;
    this.metrics = metrics;
  }

  /**
   * One look at the ongoing requests whose planned look has come (every step plans it with {@link
   * Deadlines#nextLook}); returns how many notices it issued (0 if another node is looking). Each
   * request looked at is planned again, so the watch never reads every ongoing request, however
   * many there are. The first look after a start reads every ongoing request once, in case the
   * deadline settings changed.
   */
  public int run() {
    if (!lock.acquire(JOB, lease)) {
      return 0;
    }
    try {
      Instant now = clock.instant();
      if (!plannedSinceStart) {
        exchanges.watchAllAgain(now);
        plannedSinceStart = true;
      }
      int issued = 0;
      List<ExchangeStore.NextLook> looks = new ArrayList<>();
      for (ExchangeRecord exchange : exchanges.requestsToWatch(now)) {
        boolean settled = true;
        for (Deadlines.Due due : deadlines.dueAt(exchange, now)) {
          Attempt attempt = issue(exchange, due, now);
          issued += attempt == Attempt.ISSUED ? 1 : 0;
          settled &= attempt != Attempt.AGAIN;
        }
        // A notice that could not go out is tried again at the next run.
        looks.add(
            new ExchangeStore.NextLook(
                exchange, settled ? deadlines.nextLook(exchange, now).orElse(null) : now));
      }
      exchanges.watchNext(looks);
      return issued;
    } finally {
      lock.release(JOB);
    }
  }

  /** What became of one due notice. */
  private enum Attempt {
    ISSUED,
    /** Here or on another node, at an earlier look. */
    ISSUED_BEFORE,
    /** Not issued (nobody to send it to, or the broker did not take it): try at the next run. */
    AGAIN
  }

  private Attempt issue(ExchangeRecord exchange, Deadlines.Due due, Instant now) {
    String noticeId = noticeId(exchange, due);
    List<String> recipients = recipients(exchange, due);
    if (recipients.isEmpty()) {
      log.warn(
          "Exchange {}: {} {} due but nobody to send it to (no coordinator in the directory)",
          exchange.id(),
          due.kind(),
          due.reason());
      return Attempt.AGAIN;
    }
    byte[] notice =
        SecureXml.toBytes(hubSigner.sign(ContractJaxb.write(notice(noticeId, exchange, due, now))));
    HubMessages.Outcome outcome =
        hubMessages.issue(noticeId, exchange, due.kind().value(), recipients, notice, now);
    if (outcome == HubMessages.Outcome.NOT_QUEUED) {
      log.warn(
          "Exchange {}: {} {} recorded but not queued; it will be issued again",
          exchange.id(),
          due.kind(),
          due.reason());
    }
    if (outcome != HubMessages.Outcome.ISSUED) {
      return outcome == HubMessages.Outcome.NOT_QUEUED ? Attempt.AGAIN : Attempt.ISSUED_BEFORE;
    }
    metrics.notice(due.kind().value(), due.reason().value());
    log.info(
        "Exchange {}: {} {} (deadline {}) to {}",
        exchange.id(),
        due.kind(),
        due.reason(),
        due.deadline(),
        recipients);
    return Attempt.ISSUED;
  }

  /** Reminders go to the responder; escalations to the coordinators of both parties' countries. */
  private List<String> recipients(ExchangeRecord exchange, Deadlines.Due due) {
    if (due.kind() == NoticeKindType.REMINDER) {
      return List.of(exchange.responder());
    }
    Set<String> coordinators = new LinkedHashSet<>();
    for (String party : List.of(exchange.requester(), exchange.responder())) {
      directory
          .find(party)
          .ifPresent(
              authority ->
                  directory.coordinatorsOf(authority.country()).stream()
                      .map(Authority::id)
                      .forEach(coordinators::add));
    }
    return new ArrayList<>(coordinators);
  }

  private Notice notice(String noticeId, ExchangeRecord exchange, Deadlines.Due due, Instant now) {
    Notice notice = new Notice();
    notice.setNoticeId(noticeId);
    notice.setKind(due.kind());
    notice.setReason(due.reason());
    notice.setExchangeId(exchange.id());
    notice.setProcedureCode(exchange.procedureCode());
    notice.setRequester(exchange.requester());
    notice.setResponder(exchange.responder());
    notice.setState(exchange.state());
    if (due.deadline() != null) {
      notice.setDue(
          javax.xml.datatype.DatatypeFactory.newDefaultInstance()
              .newXMLGregorianCalendar(due.deadline().toString()));
    }
    notice.setIssuedAt(ReceiptIssuer.xmlTime(now));
    return notice;
  }

  /** The same notice always gets the same id: what it is, about which exchange and which date. */
  static String noticeId(ExchangeRecord exchange, Deadlines.Due due) {
    String about = due.kind() + "|" + due.reason() + "|" + exchange.id() + "|" + due.since();
    return "notice-" + Digests.sha256Hex(about.getBytes(StandardCharsets.UTF_8)).substring(0, 40);
  }
}
