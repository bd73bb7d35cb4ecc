package org.imihub.connectors.dialect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.imihub.connectors.dialect.DialectFixtures.EXAMPLE;
import static org.imihub.connectors.dialect.DialectFixtures.resource;
import static org.imihub.connectors.dialect.DialectFixtures.shipped;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.imihub.contract.xml.ContractSchemas;
import org.imihub.contract.xml.SecureXml;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.xmlunit.builder.DiffBuilder;
import org.xmlunit.builder.Input;
import org.xmlunit.diff.Diff;
import org.xmlunit.xpath.XPathEngine;

/**
 * The shipped example, chamber to hub: anfrage-antwort.xml (every field of the dialect) becomes
 * anfrage-antwort.envelope.xml, a valid unsigned envelope with the same values.
 */
class DialectToCanonicalTest {

  @Test
  void theExampleDialectIsLoaded() {
    assertThat(shipped().names()).containsExactly(EXAMPLE);
  }

  @Test
  void aMessageWithEveryFieldBecomesTheExpectedEnvelope() {
    byte[] envelope = shipped().toCanonical(EXAMPLE, resource("anfrage-antwort.xml"));

    Diff diff =
        DiffBuilder.compare(Input.fromByteArray(resource("anfrage-antwort.envelope.xml")))
            .withTest(Input.fromByteArray(envelope))
            .ignoreComments()
            .ignoreWhitespace()
            .checkForIdentical()
            .build();
    assertThat(diff.hasDifferences()).as(diff.toString()).isFalse();
  }

  @Test
  void theEnvelopeIsValidAndCarriesTheValuesAsTheEnvelopeWritesThem() {
    Document envelope =
        SecureXml.parse(shipped().toCanonical(EXAMPLE, resource("anfrage-antwort.xml")));
    ContractSchemas.validate(envelope);
    XPathEngine xpath = DialectFixtures.xpath();

    assertThat(xpath.evaluate("/env:Envelope/env:Header/env:MessageType", envelope))
        .isEqualTo("ANSWER");
    assertThat(
            xpath.evaluate("//env:Answer[@questionCode='PQ-DIPLOMA-GENUINE']/env:YesNo", envelope))
        .isEqualTo("true");
    assertThat(xpath.evaluate("//env:Answer[@questionCode='PQ-PROHIBITED']/env:YesNo", envelope))
        .isEqualTo("false");
    // Hexadecimal in the dialect, base64 in the envelope: the same 32 bytes.
    assertThat(xpath.evaluate("//env:Attachment[@id='anlage-1']/env:Sha256", envelope))
        .isEqualTo("cQd+g4lpXwmx5QvPwoj7SZiJSoaufNllezGsYYoJTqs=");
    // Text keeps its line break.
    assertThat(xpath.evaluate("//env:Answer[@questionCode='PQ-REMARKS']/env:Text", envelope))
        .isEqualTo("Approbation erteilt am 1. Oktober 2014.\nKeine Einschränkungen.");
    // Unsigned: the wiring decides who signs (docs/dialects.md).
    assertThat(xpath.evaluate("count(//ds:Signature)", envelope)).isEqualTo("0");
  }

  @Test
  void messagesMappedAtTheSameTimeDoNotMix() throws Exception {
    String anfrage = new String(resource("anfrage-antwort.xml"), StandardCharsets.UTF_8);
    List<Callable<String>> mappings = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      String id = "laek-by-parallel-" + i;
      byte[] message =
          anfrage.replace("laek-by-2026-000417-a1", id).getBytes(StandardCharsets.UTF_8);
      mappings.add(
          () ->
              DialectFixtures.xpath()
                  .evaluate(
                      "//env:MessageId", SecureXml.parse(shipped().toCanonical(EXAMPLE, message))));
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<String>> results = pool.invokeAll(mappings);
      for (int i = 0; i < results.size(); i++) {
        assertThat(results.get(i).get()).isEqualTo("laek-by-parallel-" + i);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void tokensAreNormalisedAsTheDialectSchemaAllowsSpacesAroundThem() {
    String spaced =
        new String(resource("anfrage-antwort.xml"), StandardCharsets.UTF_8)
            .replace(
                "<Nachrichtentyp>ANTWORT</Nachrichtentyp>",
                "<Nachrichtentyp>\n    ANTWORT\n  </Nachrichtentyp>")
            .replace("<Absender>DE-LAEK-BY</Absender>", "<Absender> DE-LAEK-BY </Absender>");

    Document envelope =
        SecureXml.parse(shipped().toCanonical(EXAMPLE, spaced.getBytes(StandardCharsets.UTF_8)));

    XPathEngine xpath = DialectFixtures.xpath();
    assertThat(xpath.evaluate("/env:Envelope/env:Header/env:MessageType", envelope))
        .isEqualTo("ANSWER");
    assertThat(xpath.evaluate("/env:Envelope/env:Header/env:Sender", envelope))
        .isEqualTo("DE-LAEK-BY");
  }
}
