package org.imihub.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.imihub.app.support.DemoPki;
import org.imihub.app.support.FakeLibreTranslate;
import org.imihub.app.support.HubIT;
import org.imihub.app.support.TestBroker;
import org.imihub.client.Envelopes;
import org.imihub.client.Envelopes.Audience;
import org.imihub.client.HubClient;
import org.imihub.client.VerifiedDelivery;
import org.imihub.contract.HubTexts;
import org.imihub.contract.hub.v1.ReadFreeTextType;
import org.imihub.contract.hub.v1.TranslationStatusType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Free text is machine translated for each reader, next to the original and marked; a slow or
 * failing translation service never holds a delivery up, and the translation (or word that none
 * came) follows. Against a LibreTranslate server speaking its HTTP API.
 */
// A hub of its own (as DeadlinesIT): other settings than HubIT's, so another context and data dir.
@SpringBootTest(
    classes = HubApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "hub.config-dir=../config",
      "management.server.port=0",
      "hub.delivery.health-check-interval=0s"
    })
class MachineTranslationIT {
  static {
    TestBroker.useShortRedelivery();
  }

  private static final Path DATA_DIR = HubIT.newDataDir();
  private static final FakeLibreTranslate LIBRETRANSLATE = new FakeLibreTranslate();

  @LocalServerPort int port;

  @DynamicPropertySource
  static void translation(DynamicPropertyRegistry registry) {
    registry.add("hub.data-dir", DATA_DIR::toString);
    registry.add("hub.translation.engine", () -> "libretranslate");
    registry.add("hub.translation.libretranslate.url", LIBRETRANSLATE::url);
    registry.add("hub.delivery.translation-wait", () -> "1s");
    registry.add("hub.delivery.translation-retry-period", () -> "1s");
  }

  @AfterAll
  static void stop() {
    LIBRETRANSLATE.close();
  }

  // Each member reads the alert's text in its own language; each language is asked for once.
  @Test
  void eachReaderGetsTheTextInItsLanguageNextToTheOriginal() {
    HubClient hu = client("HU-EEKH");
    String original = "Az orvos működési engedélyét visszavonták. " + System.nanoTime();
    Envelopes alert =
        Envelopes.alert(
                "HU-EEKH",
                new Audience("PROFESSIONAL_QUALIFICATIONS", List.of("FR", "DE"), false, false))
            .language("hu")
            .freeText("hu", original);
    hu.submit(alert.signedBy(hu.signer()));

    for (String[] reader : new String[][] {{"FR-CNOM", "fr"}, {"DE-BAEK", "de"}}) {
      VerifiedDelivery delivery = awaitInMailbox(reader[0], alert.messageId());
      assertThat(delivery.envelope().getBody().getFreeText().get(0).getValue())
          .as("the original is never replaced")
          .isEqualTo(original);
      ReadFreeTextType text = delivery.reading().getFreeText().get(0);
      assertThat(text.getTranslation()).isEqualTo(TranslationStatusType.MACHINE);
      assertThat(text.getValue()).isEqualTo("[" + reader[1] + "] " + original);
      assertThat(text.getEngine()).isEqualTo("libretranslate");
      assertThat(text.getSourceLang()).isEqualTo("hu");
      assertThat(text.getTargetLang()).isEqualTo(reader[1]);
      assertThat(text.getNote()).isEqualTo(HubTexts.text(reader[1], "freeText.machineTranslation"));
    }
    assertThat(LIBRETRANSLATE.requests().stream().filter(r -> r.endsWith(original)))
        .as("one request per language, however many read it")
        .containsExactlyInAnyOrder("hu>fr:" + original, "hu>de:" + original);
  }

  // The service takes longer than a delivery waits: the delivery goes on, the translation follows.
  @Test
  void aSlowServiceDelaysOnlyTheTranslation() {
    HubClient hu = client("HU-EEKH");
    String original = "SLOW: kérjük, erősítsék meg az oklevelet. " + System.nanoTime();
    Envelopes request =
        Envelopes.request("HU-EEKH", "FR-CNOM").language("hu").freeText("hu", original);
    hu.submit(request.signedBy(hu.signer()));

    ReadFreeTextType first =
        awaitInMailbox("FR-CNOM", request.messageId()).reading().getFreeText().get(0);
    assertThat(first.getTranslation()).isEqualTo(TranslationStatusType.PENDING);
    assertThat(first.getValue()).isEmpty();
    LIBRETRANSLATE.answerSlowOnes();

    VerifiedDelivery followUp = awaitFollowUp("FR-CNOM", request.exchangeId());
    assertThat(followUp.signerCertificate()).isEqualTo(DemoPki.hubCertificate());
    assertThat(followUp.translation().getMessageId()).isEqualTo(request.messageId());
    assertThat(followUp.translation().getStatus()).isEqualTo(TranslationStatusType.MACHINE);
    assertThat(followUp.translation().getText()).isEqualTo("[fr] " + original);
    ReadFreeTextType read = followUp.reading().getFreeText().get(0);
    assertThat(read.getTranslation()).isEqualTo(TranslationStatusType.MACHINE);
    assertThat(read.getValue()).isEqualTo("[fr] " + original);
    assertThat(hu.exchange(request.exchangeId()).getEvent())
        .extracting(event -> event.getAction())
        .contains("TRANSLATION");
  }

  // The service fails: the delivery goes on flagged, and after the last attempt the reader is told.
  @Test
  void aFailingServiceIsGivenUpAndTheReaderIsTold() {
    HubClient hu = client("HU-EEKH");
    String original = "FAIL: a szolgáltató nyilvántartási száma? " + System.nanoTime();
    Envelopes request =
        Envelopes.request("HU-EEKH", "PT-OM").language("hu").freeText("hu", original);
    hu.submit(request.signedBy(hu.signer()));

    assertThat(
            awaitInMailbox("PT-OM", request.messageId())
                .reading()
                .getFreeText()
                .get(0)
                .getTranslation())
        .isEqualTo(TranslationStatusType.PENDING);
    VerifiedDelivery followUp = awaitFollowUp("PT-OM", request.exchangeId());
    assertThat(followUp.translation().getStatus()).isEqualTo(TranslationStatusType.UNAVAILABLE);
    assertThat(followUp.translation().getText()).isNull();
    assertThat(followUp.reading().getFreeText().get(0).getNote())
        .isEqualTo(HubTexts.text("pt", "freeText.translationUnavailable"));
    assertThat(LIBRETRANSLATE.requests().stream().filter(r -> r.endsWith(original)))
        .as("asked again until the attempts are used up")
        .hasSize(5);
  }

  private VerifiedDelivery awaitFollowUp(String authorityId, String exchangeId) {
    return HubIT.awaitInMailbox(client(authorityId), exchangeId, "TRANSLATION");
  }

  private VerifiedDelivery awaitInMailbox(String authorityId, String messageId) {
    return HubIT.awaitInMailbox(client(authorityId), messageId + "~" + authorityId);
  }

  private HubClient client(String authorityId) {
    return DemoPki.client(authorityId, port);
  }
}
