package org.imihub.connectors.dialect;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.imihub.connectors.dialect.DialectFixtures.copyOfExample;
import static org.imihub.connectors.dialect.DialectFixtures.resource;
import static org.imihub.connectors.dialect.DialectFixtures.write;

import java.nio.file.Files;
import java.nio.file.Path;
import org.imihub.contract.ErrorCode;
import org.imihub.contract.HubException;
import org.imihub.contract.xml.SecureXml;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/**
 * A mapping cannot reach out: reading a file outside its folder, text or a collection is refused at
 * run time (DIALECT_INVALID), a stylesheet that would write a file does not start, and the
 * environment is empty. The files of its own folder it may read.
 */
class DialectSandboxTest {
  private static final byte[] ANFRAGE = resource("anfrage-antwort.xml");

  @TempDir Path dialects;

  @Test
  void documentOfAFileOutsideTheFolderIsRefused() {
    HubException refused = refusalOf("<x>{document('file:///etc/passwd')}</x>");

    assertThat(refused.detail()).contains("FODC0005").doesNotContain("root:");
  }

  @Test
  void aRelativePathOutOfTheFolderIsRefused() {
    write(dialects.resolve("secret.xml"), "<secret>s3cr3t</secret>");

    HubException refused = refusalOf("<x>{doc('../secret.xml')}</x>");

    assertThat(refused.detail()).doesNotContain("s3cr3t");
  }

  @Test
  void unparsedTextIsRefused() {
    refusalOf("<x>{unparsed-text('file:///etc/passwd')}</x>");
  }

  @Test
  void anEntityInParsedTextIsRefused() {
    HubException refused =
        refusalOf(
            "<x>{parse-xml('&lt;!DOCTYPE x [&lt;!ENTITY e SYSTEM \"file:///etc/passwd\"&gt;]&gt;"
                + "&lt;x&gt;&amp;e;&lt;/x&gt;')}</x>");

    assertThat(refused.detail()).contains("FODC0006").doesNotContain("root:");
  }

  @Test
  void parsedTextWithAnyDocumentTypeDeclarationIsRefused() {
    HubException refused =
        refusalOf(
            "<x>{parse-xml('&lt;!DOCTYPE x [&lt;!ENTITY e \"expanded\"&gt;]&gt;"
                + "&lt;x&gt;&amp;e;&lt;/x&gt;')}</x>");

    assertThat(refused.detail()).contains("FODC0006");
  }

  @Test
  void collectionsAreRefused() {
    refusalOf("<x>{count(collection('file:///etc/'))}</x>");
  }

  @Test
  void aStylesheetThatWouldWriteAFileDoesNotStart() {
    Path target = dialects.resolve("written.xml");

    assertThatThrownBy(
            () ->
                sandboxed(
                    "<xsl:result-document href=\""
                        + target.toUri()
                        + "\"><x>{.}</x></xsl:result-document><x/>"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("to-canonical.xsl")
        .hasMessageContaining("xsl:result-document");
    assertThat(Files.exists(target)).isFalse();
  }

  @Test
  void theEnvironmentIsEmpty() {
    Dialects reading =
        sandboxed(
            "<Envelope xmlns='urn:imi-hub:envelope:v1'><Header>"
                + "<MessageId>{if (exists(available-environment-variables())"
                + " or string(environment-variable('PATH')) != '') then 'leak' else 'none'}"
                + "</MessageId>"
                + "<ExchangeId>e</ExchangeId><ProcedureCode>PQ-CHECK</ProcedureCode>"
                + "<MessageType>ANSWER</MessageType><Sender>DE-LAEK-BY</Sender>"
                + "<CreatedAt>2026-11-24T09:30:00Z</CreatedAt><Language>de</Language>"
                + "</Header><Body/></Envelope>");

    Document envelope = SecureXml.parse(reading.toCanonical("sandbox-v1", ANFRAGE));

    assertThat(DialectFixtures.xpath().evaluate("//env:MessageId", envelope)).isEqualTo("none");
  }

  @Test
  void filesOfTheDialectsOwnFolderMayBeRead() {
    Dialects reading =
        sandboxed(
            "<xsl:if test=\"empty(document('dialect.xsd')/*)\"><x/></xsl:if>"
                + "<xsl:copy-of select=\"doc('envelope.xml')\"/>");
    write(
        dialects.resolve("sandbox-v1").resolve("envelope.xml"),
        new String(resource("anfrage-antwort.envelope.xml"), UTF_8));

    Document envelope = SecureXml.parse(reading.toCanonical("sandbox-v1", ANFRAGE));

    assertThat(DialectFixtures.xpath().evaluate("//env:MessageId", envelope))
        .isEqualTo("laek-by-2026-000417-a1");
  }

  /** Refused while the mapping ran, not merely because what it read is no envelope. */
  private HubException refusalOf(String templateBody) {
    Dialects dialect = sandboxed(templateBody);
    HubException refused =
        catchThrowableOfType(HubException.class, () -> dialect.toCanonical("sandbox-v1", ANFRAGE));
    assertThat(refused).as("a HubException").isNotNull();
    assertThat(refused.code()).isEqualTo(ErrorCode.DIALECT_INVALID);
    assertThat(refused.detail()).startsWith("The mapping sandbox-v1/to-canonical.xsl failed");
    return refused;
  }

  /** The example with a to-canonical.xsl whose one template has {@code templateBody}. */
  private Dialects sandboxed(String templateBody) {
    Path folder = copyOfExample(dialects, "sandbox-v1");
    write(
        folder.resolve("to-canonical.xsl"),
        "<xsl:stylesheet version=\"3.0\" xmlns:xsl=\"http://www.w3.org/1999/XSL/Transform\""
            + " expand-text=\"yes\"><xsl:template match=\"/\">"
            + templateBody
            + "</xsl:template></xsl:stylesheet>");
    return DialectFixtures.load(dialects);
  }
}
