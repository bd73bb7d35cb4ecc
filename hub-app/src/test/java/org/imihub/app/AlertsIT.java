package org.imihub.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import org.imihub.app.support.HubIT;
import org.imihub.app.support.WebhookReceiver;
import org.imihub.client.Envelopes;
import org.imihub.client.Envelopes.Audience;
import org.imihub.client.HubClient;
import org.imihub.client.HubProblemException;
import org.imihub.contract.hub.v1.DeliveryStatusType;
import org.imihub.contract.hub.v1.Exchange;
import org.imihub.routes.delivery.DeadLetters;
import org.imihub.routes.directory.ConnectorType;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Alerts: one to many, resolved from the directory, each recipient tracked on its own. */
class AlertsIT extends HubIT {
  static final String AREA = "PROFESSIONAL_QUALIFICATIONS";

  @Autowired DeadLetters deadLetters;

  // HU-EEKH alerts the authorities of five countries and the Commission; DK-STPS's back office is
  // down. The others have it at once; DK-STPS gets it once it is back; tracking shows each.
  @Test
  void alertReachesEveryRecipientAndADeadOneAfterItRecovers() throws Exception {
    try (WebhookReceiver dk = new WebhookReceiver("DK-STPS")) {
      dk.down(true);
      connect("DK-STPS", ConnectorType.WEBHOOK, dk.endpoint());
      HubClient hu = client("HU-EEKH");
      Envelopes alert =
          Envelopes.alert(
                  "HU-EEKH", new Audience(AREA, List.of("FR", "DE", "PT", "DK", "NO"), false, true))
              .freeText("en", "A surgeon has been banned from practice.");
      hu.submit(alert.signedBy(hu.signer()));

      List<String> healthy = List.of("FR-CNOM", "DE-BAEK", "PT-OM", "NO-HDIR", "EU-COM");
      for (String recipient : healthy) {
        awaitInMailbox(recipient, alert.messageId());
      }
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> status(hu, alert, "DK-STPS") == DeliveryStatusType.DEAD_LETTERED);
      Exchange tracked = hu.exchange(alert.exchangeId());
      assertThat(tracked.getKind()).isEqualTo("ALERT");
      assertThat(tracked.getMember())
          .containsExactlyInAnyOrder("FR-CNOM", "DE-BAEK", "PT-OM", "NO-HDIR", "EU-COM", "DK-STPS");
      for (String recipient : healthy) {
        assertThat(status(hu, alert, recipient)).isEqualTo(DeliveryStatusType.IN_MAILBOX);
      }

      dk.down(false);
      // The status is recorded before the broker moves the message: re-drive once it is there.
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> deadLetters.redrive("DK-STPS").contains(alert.messageId() + "~DK-STPS"));
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> status(hu, alert, "DK-STPS") == DeliveryStatusType.ACKNOWLEDGED);
      assertThat(dk.timesReceived(alert.messageId() + "~DK-STPS")).isEqualTo(1);
      // A recipient sees its own delivery, not the others'.
      assertThat(client("FR-CNOM").exchange(alert.exchangeId()).getMessage().get(0).getDelivery())
          .extracting(Exchange.Message.Delivery::getRecipient)
          .containsExactly("FR-CNOM");
    } finally {
      connect("DK-STPS", ConnectorType.MAILBOX, null);
    }
  }

  // Update reaches every recipient; a comment reaches the author only; a dissemination within the
  // country brings the new member the alert itself; after closing, nothing more is accepted.
  @Test
  void alertIsUpdatedCommentedDisseminatedAndClosed() {
    HubClient hu = client("HU-EEKH");
    HubClient fr = client("FR-CNOM");
    Envelopes alert =
        Envelopes.alert("HU-EEKH", new Audience(AREA, List.of("FR", "PT"), false, false))
            .freeText("en", "Fake diplomas in circulation.");
    hu.submit(alert.signedBy(hu.signer()));
    String id = alert.exchangeId();

    String update = step(hu, "ALERT_UPDATE", id, "Also nursing diplomas.");
    awaitInMailbox("PT-OM", update);
    awaitInMailbox("FR-CNOM", update);
    String comment = step(fr, "ALERT_COMMENT", id, "We found two in France.");
    awaitInMailbox("HU-EEKH", comment);
    assertThat(client("PT-OM").exchange(id).getMessage())
        .extracting(Exchange.Message::getMessageId)
        .doesNotContain(comment);

    String dissemination = step(fr, "ALERT_DISSEMINATE", id, "For your information.", "FR-NIMIC");
    awaitInMailbox("FR-NIMIC", dissemination);
    awaitInMailbox("FR-NIMIC", alert.messageId());
    assertThat(hu.exchange(id).getMember()).contains("FR-NIMIC");

    step(hu, "ALERT_CLOSE", id, null);
    assertThat(hu.exchange(id).getState()).isEqualTo("CLOSED");
    assertRefused(() -> step(fr, "ALERT_COMMENT", id, "Too late"), "EXCHANGE_CLOSED");
    assertThat(hu.exchange(id).getEvent())
        .extracting(Exchange.Event::getAction)
        .containsExactly(
            "ALERT", "ALERT_UPDATE", "ALERT_COMMENT", "ALERT_DISSEMINATE", "ALERT_CLOSE");
  }

  // Empty audience, a policy area nobody handles, recipients instead of an audience, a recipient
  // acting as author, an outsider, a dissemination abroad: each its typed refusal, nothing stored.
  @Test
  void badAlertsAreRefused() {
    HubClient hu = client("HU-EEKH");
    HubClient fr = client("FR-CNOM");
    assertRefused(
        () ->
            hu.submit(
                Envelopes.alert("HU-EEKH", new Audience(AREA, List.of(), false, false))
                    .signedBy(hu.signer())),
        "AUDIENCE_EMPTY");
    assertRefused(
        () ->
            hu.submit(
                Envelopes.alert("HU-EEKH", new Audience("FISHERIES", List.of("FR"), false, false))
                    .signedBy(hu.signer())),
        "POLICY_AREA_UNHANDLED");
    assertRefused(
        () ->
            hu.submit(
                Envelopes.request("HU-EEKH", "FR-CNOM")
                    .messageType("ALERT")
                    .procedure("PQ-ALERT")
                    .signedBy(hu.signer())),
        "RECIPIENTS_INVALID");

    Envelopes alert = Envelopes.alert("HU-EEKH", new Audience(AREA, List.of("FR"), false, false));
    hu.submit(alert.signedBy(hu.signer()));
    String id = alert.exchangeId();
    assertRefused(
        () -> step(fr, "ALERT_UPDATE", id, "Not mine to change"), "LIFECYCLE_NOT_ALLOWED");
    assertRefused(
        () -> step(client("DE-BAEK"), "ALERT_COMMENT", id, "Let me see"), "EXCHANGE_NOT_FOUND");
    assertRefused(
        () -> step(fr, "ALERT_DISSEMINATE", id, "Abroad", "DE-BAEK"), "RECIPIENTS_INVALID");
    assertRefused(() -> step(fr, "ALERT_COMMENT", id, null), "ACTION_INCOMPLETE");
    assertThat(hu.exchange(id).getEvent()).hasSize(1);
  }

  private static String step(
      HubClient from, String action, String exchangeId, String text, String... recipients) {
    Envelopes step = Envelopes.alertStep(action, from.authorityId(), exchangeId, recipients);
    if (text != null) {
      step.freeText("en", text);
    }
    from.submit(step.signedBy(from.signer()));
    return step.messageId();
  }

  private static DeliveryStatusType status(HubClient author, Envelopes alert, String recipient) {
    return author.exchange(alert.exchangeId()).getMessage().stream()
        .filter(message -> message.getMessageId().equals(alert.messageId()))
        .flatMap(message -> message.getDelivery().stream())
        .filter(delivery -> delivery.getRecipient().equals(recipient))
        .findFirst()
        .orElseThrow()
        .getStatus();
  }

  private static void assertRefused(Runnable action, String code) {
    assertThatThrownBy(action::run)
        .isInstanceOfSatisfying(
            HubProblemException.class, problem -> assertThat(problem.code()).isEqualTo(code));
  }
}
