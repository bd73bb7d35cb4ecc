package org.imihub.connectors.dialect;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.imihub.connectors.dialect.DialectFixtures.EXAMPLE;
import static org.imihub.connectors.dialect.DialectFixtures.copyOfExample;
import static org.imihub.connectors.dialect.DialectFixtures.delivery;
import static org.imihub.connectors.dialect.DialectFixtures.resource;
import static org.imihub.connectors.dialect.DialectFixtures.shipped;
import static org.imihub.connectors.dialect.DialectFixtures.write;

import java.nio.file.Path;
import org.imihub.contract.ErrorCode;
import org.imihub.contract.HubException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input and broken mappings: each is a typed refusal whose detail places the problem without
 * quoting a value, and nothing half-translated comes back.
 */
class DialectRefusalsTest {
  private static final String ANFRAGE = new String(resource("anfrage-antwort.xml"), UTF_8);

  @Test
  void aMessageAgainstTheDialectSchemaIsRefusedWithItsLineAndElement() {
    byte[] bad = ANFRAGE.replace("<Zahl>6.5</Zahl>", "<Zahl>sechseinhalb</Zahl>").getBytes(UTF_8);

    HubException refused = refusal(() -> shipped().toCanonical(EXAMPLE, bad));

    assertThat(refused.code()).isEqualTo(ErrorCode.DIALECT_INVALID);
    assertThat(refused.detail())
        .contains("de-aerztekammer-v1/dialect.xsd")
        .contains("line 25, column")
        .contains("/Anfrage/Antworten/Antwort/Zahl")
        .contains("cvc-datatype-valid")
        .doesNotContain("sechseinhalb");
    // The validator's exception quotes the value: it is not kept as the cause, to be logged.
    assertThat(refused).hasNoCause();
  }

  @Test
  void aMissingElementIsNamed() {
    byte[] bad = ANFRAGE.replace("<Verfahren>PQ-CHECK</Verfahren>", "").getBytes(UTF_8);

    HubException refused = refusal(() -> shipped().toCanonical(EXAMPLE, bad));

    assertThat(refused.code()).isEqualTo(ErrorCode.DIALECT_INVALID);
    assertThat(refused.detail()).contains("cvc-complex-type.2.4.a").contains("Verfahren");
  }

  @Test
  void aDocumentTypeDeclarationIsRefusedBeforeAnythingIsRead() {
    byte[] dtd =
        ("<?xml version=\"1.0\"?><!DOCTYPE Anfrage [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + ANFRAGE.substring(ANFRAGE.indexOf("<Anfrage")).replace("ANTWORT<", "&x;<"))
            .getBytes(UTF_8);

    HubException refused = refusal(() -> shipped().toCanonical(EXAMPLE, dtd));

    assertThat(refused.code()).isEqualTo(ErrorCode.DTD_FORBIDDEN);
  }

  @Test
  void anUnknownDialectIsRefused() {
    HubException refused =
        refusal(() -> shipped().toCanonical("fr-cnom-v9", ANFRAGE.getBytes(UTF_8)));

    assertThat(refused.code()).isEqualTo(ErrorCode.DIALECT_UNKNOWN);
    assertThat(refused.code().httpStatus()).isEqualTo(422);
  }

  @Test
  void aDeliveryIsNotADialectMessage() {
    byte[] zustellung =
        shipped()
            .fromCanonical(
                EXAMPLE,
                delivery(
                    "golden-valid-attachment",
                    resource("signed-envelope.xml"),
                    "<hub:Reading lang=\"de\"><hub:Procedure code=\"PQ-CHECK\">x</hub:Procedure>"
                        + "</hub:Reading>"));

    // Valid against the dialect's schema, but the mapping takes only an Anfrage.
    HubException refused = refusal(() -> shipped().toCanonical(EXAMPLE, zustellung));

    assertThat(refused.code()).isEqualTo(ErrorCode.DIALECT_INVALID);
    assertThat(refused.detail()).contains("to-canonical.xsl").contains("NUR_ANFRAGE");
  }

  @Test
  void aMappingThatLeavesOutARequiredElementDeliversNothing(@TempDir Path dialects) {
    Path broken = copyOfExample(dialects, "broken-v1");
    write(
        broken.resolve("to-canonical.xsl"),
        """
        <xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
            xmlns:ak="urn:example:de-aerztekammer:v1" xmlns="urn:imi-hub:envelope:v1"
            exclude-result-prefixes="ak" expand-text="yes">
          <xsl:template match="/ak:Anfrage">
            <Envelope>
              <Header>
                <MessageId>{ak:Nachrichtennummer}</MessageId>
                <ExchangeId>{ak:Vorgangsnummer}</ExchangeId>
                <MessageType>REQUEST</MessageType>
                <Sender>{ak:Absender}</Sender>
                <CreatedAt>{ak:Erstellt}</CreatedAt>
                <Language>{ak:Sprache}</Language>
              </Header>
              <Body/>
            </Envelope>
          </xsl:template>
        </xsl:stylesheet>
        """);
    Dialects withBroken = DialectFixtures.load(dialects);

    HubException refused =
        refusal(() -> withBroken.toCanonical("broken-v1", ANFRAGE.getBytes(UTF_8)));

    assertThat(refused.code()).isEqualTo(ErrorCode.DIALECT_INVALID);
    assertThat(refused.detail())
        .contains("broken-v1/to-canonical.xsl")
        .contains("envelope-v1.xsd")
        .contains("ProcedureCode");
  }

  @Test
  void aMappingThatFailsAtRunTimeNamesItsLineAndErrorCodeButNotTheValue(@TempDir Path dialects) {
    Path failing = copyOfExample(dialects, "failing-v1");
    write(
        failing.resolve("to-canonical.xsl"),
        """
        <xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
            xmlns:xs="http://www.w3.org/2001/XMLSchema"
            xmlns:ak="urn:example:de-aerztekammer:v1">
          <xsl:template match="/">
            <xsl:sequence select="xs:date(/ak:Anfrage/ak:Absender)"/>
          </xsl:template>
        </xsl:stylesheet>
        """);
    Dialects withFailing = DialectFixtures.load(dialects);

    HubException refused =
        refusal(() -> withFailing.toCanonical("failing-v1", ANFRAGE.getBytes(UTF_8)));

    assertThat(refused.code()).isEqualTo(ErrorCode.DIALECT_INVALID);
    assertThat(refused.detail())
        .contains("failing-v1/to-canonical.xsl")
        .contains("line 5")
        .contains("FORG0001")
        .doesNotContain("DE-LAEK-BY");
    assertThat(refused).hasNoCause();
  }

  @Test
  void aMappingThatReformatsTheSignedOriginalIsRefused(@TempDir Path dialects) {
    Path indenting = copyOfExample(dialects, "indenting-v1");
    Path stylesheet = indenting.resolve("from-canonical.xsl");
    write(
        stylesheet,
        DialectFixtures.read(stylesheet)
            .replace(
                "<xsl:output method=\"xml\" encoding=\"UTF-8\" indent=\"no\"/>",
                "<xsl:output method=\"xml\" encoding=\"UTF-8\" indent=\"yes\"/>"));
    Dialects withIndenting = DialectFixtures.load(dialects);
    byte[] delivery =
        delivery(
            "golden-valid-attachment",
            resource("signed-envelope.xml"),
            "<hub:Reading lang=\"de\"><hub:Procedure code=\"PQ-CHECK\">x</hub:Procedure>"
                + "</hub:Reading>");

    HubException refused = refusal(() -> withIndenting.fromCanonical("indenting-v1", delivery));

    assertThat(refused.code()).isEqualTo(ErrorCode.DIALECT_INVALID);
    assertThat(refused.detail()).contains("changed the delivered Envelope");
  }

  @Test
  void aDeliveredMessageTypeTheDialectHasNoNameForIsRefusedNotLeftOut() {
    String envelope =
        new String(shipped().toCanonical(EXAMPLE, ANFRAGE.getBytes(UTF_8)), UTF_8)
            .replace("<MessageType>ANSWER</MessageType>", "<MessageType>FUTURE_STEP</MessageType>");
    byte[] delivery =
        delivery(
            "laek-by-2026-000417-a1",
            envelope.getBytes(UTF_8),
            "<hub:Reading lang=\"de\"><hub:Procedure code=\"PQ-CHECK\">x</hub:Procedure>"
                + "</hub:Reading>");

    HubException refused = refusal(() -> shipped().fromCanonical(EXAMPLE, delivery));

    assertThat(refused.code()).isEqualTo(ErrorCode.DIALECT_INVALID);
    assertThat(refused.detail())
        .contains("from-canonical.xsl")
        .contains("/Zustellung/Nachricht/Nachrichtentyp")
        .contains("cvc-enumeration-valid")
        .doesNotContain("FUTURE_STEP");
  }

  @Test
  void somethingOtherThanADeliveryIsRefusedByTheHubSchema() {
    HubException refused =
        refusal(() -> shipped().fromCanonical(EXAMPLE, resource("signed-envelope.xml")));

    assertThat(refused.code()).isEqualTo(ErrorCode.SCHEMA_VIOLATION);
  }

  private static HubException refusal(Runnable call) {
    HubException refused = catchThrowableOfType(HubException.class, call::run);
    assertThat(refused).as("a HubException").isNotNull();
    return refused;
  }
}
