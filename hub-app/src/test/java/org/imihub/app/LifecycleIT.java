package org.imihub.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import org.imihub.app.support.HubIT;
import org.imihub.client.Envelopes;
import org.imihub.client.HubClient;
import org.imihub.client.HubProblemException;
import org.imihub.contract.hub.v1.Exchange;
import org.junit.jupiter.api.Test;

/**
 * The request lifecycle through the real channels: every step a signed message, checked against the
 * state.
 */
class LifecycleIT extends HubIT {

  // HU asks, FR accepts, proposes a later date, HU agrees; FR answers, HU asks for more, FR answers
  // again, HU accepts the answer: CLOSED. Each step reaches the other side; both see every step.
  @Test
  void requestTravelsItsWholeLifecycle() {
    HubClient hu = client("HU-EEKH");
    HubClient fr = client("FR-CNOM");
    Envelopes request =
        Envelopes.request("HU-EEKH", "FR-CNOM")
            .replyBy(LocalDate.of(2027, 1, 15))
            .questions("PQ-DIPLOMA-GENUINE");
    hu.submit(request.signedBy(hu.signer()));
    String exchange = request.exchangeId();

    act(fr, "ACCEPT", "HU-EEKH", exchange, null, null);
    act(
        fr,
        "PROPOSE_REPLY_BY",
        "HU-EEKH",
        exchange,
        "We need the archive.",
        LocalDate.of(2027, 2, 1));
    assertThat(fr.exchange(exchange).getProposedReplyBy().toString()).isEqualTo("2027-02-01");
    act(hu, "ACCEPT_REPLY_BY", "FR-CNOM", exchange, null, null);
    act(fr, "ANSWER", "HU-EEKH", exchange, "The diploma is genuine.", null);
    act(hu, "REQUEST_MORE_INFO", "FR-CNOM", exchange, "Is the holder registered?", null);
    act(fr, "ANSWER", "HU-EEKH", exchange, "Yes, since 2019.", null);
    String closing = act(hu, "ACCEPT_ANSWER", "FR-CNOM", exchange, null, null);

    Exchange seen = hu.exchange(exchange);
    assertThat(seen.getState()).isEqualTo("CLOSED");
    assertThat(seen.getReplyBy().toString()).isEqualTo("2027-02-01");
    assertThat(seen.getProposedReplyBy()).isNull();
    assertThat(seen.getEvent())
        .extracting(Exchange.Event::getAction, Exchange.Event::getActor, Exchange.Event::getTo)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("REQUEST", "HU-EEKH", "SENT"),
            org.assertj.core.groups.Tuple.tuple("ACCEPT", "FR-CNOM", "ACCEPTED"),
            org.assertj.core.groups.Tuple.tuple("PROPOSE_REPLY_BY", "FR-CNOM", "ACCEPTED"),
            org.assertj.core.groups.Tuple.tuple("ACCEPT_REPLY_BY", "HU-EEKH", "ACCEPTED"),
            org.assertj.core.groups.Tuple.tuple("ANSWER", "FR-CNOM", "ANSWERED"),
            org.assertj.core.groups.Tuple.tuple("REQUEST_MORE_INFO", "HU-EEKH", "ACCEPTED"),
            org.assertj.core.groups.Tuple.tuple("ANSWER", "FR-CNOM", "ANSWERED"),
            org.assertj.core.groups.Tuple.tuple("ACCEPT_ANSWER", "HU-EEKH", "CLOSED"));
    assertThat(fr.exchange(exchange).getEvent()).hasSize(8);
    // The closing step is pushed to the responder like every other step.
    assertThat(awaitInMailbox("FR-CNOM", closing).envelope().getHeader().getMessageType())
        .isEqualTo("ACCEPT_ANSWER");

    assertRefused(
        () -> act(fr, "ANSWER", "HU-EEKH", exchange, "Late answer", null), "EXCHANGE_CLOSED");
    assertRefused(() -> act(hu, "WITHDRAW", "FR-CNOM", exchange, null, null), "EXCHANGE_CLOSED");
    assertThat(hu.exchange(exchange).getEvent()).as("refusals change nothing").hasSize(8);
  }

  // A decline needs its reason; given one, the request is DECLINED and nothing more happens.
  @Test
  void declineNeedsAReason() {
    HubClient hu = client("HU-EEKH");
    HubClient pt = client("PT-OM");
    Envelopes request = Envelopes.request("HU-EEKH", "PT-OM");
    hu.submit(request.signedBy(hu.signer()));
    assertRefused(
        () -> act(pt, "DECLINE", "HU-EEKH", request.exchangeId(), null, null), "ACTION_INCOMPLETE");
    act(
        pt,
        "DECLINE",
        "HU-EEKH",
        request.exchangeId(),
        "Not our competence: ask the regional chamber.",
        null);
    assertThat(hu.exchange(request.exchangeId()).getState()).isEqualTo("DECLINED");
    assertRefused(
        () -> act(pt, "ACCEPT", "HU-EEKH", request.exchangeId(), null, null), "EXCHANGE_CLOSED");
  }

  // The requester withdraws before any answer; the responder can then do nothing more.
  @Test
  void requesterWithdraws() {
    HubClient hu = client("HU-EEKH");
    HubClient de = client("DE-BAEK");
    Envelopes request = Envelopes.request("HU-EEKH", "DE-BAEK");
    hu.submit(request.signedBy(hu.signer()));
    act(de, "ACCEPT", "HU-EEKH", request.exchangeId(), null, null);
    act(hu, "WITHDRAW", "DE-BAEK", request.exchangeId(), "Resolved meanwhile.", null);
    assertThat(de.exchange(request.exchangeId()).getState()).isEqualTo("WITHDRAWN");
    assertRefused(
        () -> act(de, "ANSWER", "HU-EEKH", request.exchangeId(), "Here it is", null),
        "EXCHANGE_CLOSED");
  }

  // Wrong party, wrong state, wrong recipient, unknown exchange, a second ACCEPT: each its own
  // typed refusal; a resent action gets its first receipt again.
  @Test
  void actionsOutOfTurnAreRefused() {
    HubClient hu = client("HU-EEKH");
    HubClient fr = client("FR-CNOM");
    Envelopes request = Envelopes.request("HU-EEKH", "FR-CNOM");
    hu.submit(request.signedBy(hu.signer()));
    String exchange = request.exchangeId();

    assertRefused(
        () -> act(hu, "ACCEPT", "FR-CNOM", exchange, null, null), "LIFECYCLE_NOT_ALLOWED");
    assertRefused(
        () -> act(fr, "ANSWER", "HU-EEKH", exchange, "Too early", null), "LIFECYCLE_NOT_ALLOWED");
    assertRefused(() -> act(fr, "ACCEPT", "PT-OM", exchange, null, null), "RECIPIENTS_INVALID");
    assertRefused(
        () -> act(fr, "ACCEPT", "HU-EEKH", "no-such-exchange", null, null), "EXCHANGE_NOT_FOUND");
    assertRefused(
        () -> act(hu, "ACCEPT_REPLY_BY", "FR-CNOM", exchange, null, null), "LIFECYCLE_NOT_ALLOWED");
    assertRefused(
        () -> act(fr, "PROPOSE_REPLY_BY", "HU-EEKH", exchange, null, null), "ACTION_INCOMPLETE");

    byte[] accept =
        Envelopes.action("ACCEPT", "FR-CNOM", "HU-EEKH", exchange).signedBy(fr.signer());
    var first = fr.submit(accept);
    assertThat(fr.submit(accept).getReceivedAt())
        .as("a resent action is idempotent")
        .isEqualTo(first.getReceivedAt());
    assertRefused(
        () -> act(fr, "ACCEPT", "HU-EEKH", exchange, null, null), "LIFECYCLE_NOT_ALLOWED");
    assertThat(hu.exchange(exchange).getEvent())
        .extracting(Exchange.Event::getAction)
        .containsExactly("REQUEST", "ACCEPT");
  }

  // FR-CNOM forwards to PT-OM: PT-OM becomes the responder and gets the request itself, HU-EEKH is
  // told, and FR-CNOM no longer sees the exchange. Forwarding to the requester, or after
  // accepting, is refused.
  @Test
  void responderForwardsTheRequest() {
    HubClient hu = client("HU-EEKH");
    HubClient fr = client("FR-CNOM");
    HubClient pt = client("PT-OM");
    Envelopes request = Envelopes.request("HU-EEKH", "FR-CNOM").questions("PQ-DIPLOMA-GENUINE");
    hu.submit(request.signedBy(hu.signer()));
    String exchange = request.exchangeId();

    assertRefused(() -> act(fr, "FORWARD", "HU-EEKH", exchange, null, null), "RECIPIENTS_INVALID");
    String forward = act(fr, "FORWARD", "PT-OM", exchange, "The holder trained in Lisbon.", null);
    assertThat(awaitInMailbox("PT-OM", request.messageId()).envelope().getHeader().getSender())
        .isEqualTo("HU-EEKH");
    awaitInMailbox("PT-OM", forward);
    awaitInMailbox("HU-EEKH", forward);
    assertThat(hu.exchange(exchange).getResponder()).isEqualTo("PT-OM");
    assertRefused(() -> fr.exchange(exchange), "EXCHANGE_NOT_FOUND");
    assertRefused(() -> act(fr, "ACCEPT", "HU-EEKH", exchange, null, null), "EXCHANGE_NOT_FOUND");

    act(pt, "ACCEPT", "HU-EEKH", exchange, null, null);
    assertRefused(
        () -> act(pt, "FORWARD", "DE-BAEK", exchange, null, null), "LIFECYCLE_NOT_ALLOWED");
    assertThat(pt.exchange(exchange).getEvent())
        .extracting(Exchange.Event::getAction)
        .containsExactly("REQUEST", "FORWARD", "ACCEPT");
  }

  // FR-CNOM, responder of an accepted request, splits a question off to DE-BAEK as a linked
  // request; only the responder of an accepted request may.
  @Test
  void responderSplitsOffALinkedRequest() {
    HubClient hu = client("HU-EEKH");
    HubClient fr = client("FR-CNOM");
    Envelopes request = Envelopes.request("HU-EEKH", "FR-CNOM");
    hu.submit(request.signedBy(hu.signer()));
    Envelopes tooEarly = Envelopes.request("FR-CNOM", "DE-BAEK").linkedTo(request.exchangeId());
    assertRefused(() -> fr.submit(tooEarly.signedBy(fr.signer())), "LIFECYCLE_NOT_ALLOWED");
    act(fr, "ACCEPT", "HU-EEKH", request.exchangeId(), null, null);
    Envelopes notTheResponder =
        Envelopes.request("HU-EEKH", "DE-BAEK").linkedTo(request.exchangeId());
    assertRefused(() -> hu.submit(notTheResponder.signedBy(hu.signer())), "LIFECYCLE_NOT_ALLOWED");

    Envelopes split =
        Envelopes.request("FR-CNOM", "DE-BAEK")
            .linkedTo(request.exchangeId())
            .freeText("en", "Did the holder practise in Germany?");
    fr.submit(split.signedBy(fr.signer()));
    assertThat(client("DE-BAEK").exchange(split.exchangeId()).getLinkedTo())
        .isEqualTo(request.exchangeId());
    assertThat(hu.exchange(request.exchangeId()).getLinked()).containsExactly(split.exchangeId());
  }

  /** Sends one lifecycle step; returns its message id. */
  private static String act(
      HubClient from, String action, String to, String exchangeId, String text, LocalDate date) {
    Envelopes step = Envelopes.action(action, from.authorityId(), to, exchangeId);
    if (text != null) {
      step.freeText("en", text);
    }
    if (date != null) {
      step.replyBy(date);
    }
    from.submit(step.signedBy(from.signer()));
    return step.messageId();
  }

  private static void assertRefused(
      org.assertj.core.api.ThrowableAssert.ThrowingCallable action, String code) {
    assertThatThrownBy(action)
        .isInstanceOfSatisfying(
            HubProblemException.class, problem -> assertThat(problem.code()).isEqualTo(code));
  }
}
