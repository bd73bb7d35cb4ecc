package org.imihub.connectors.dialect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.imihub.connectors.dialect.DialectFixtures.copyOfExample;
import static org.imihub.connectors.dialect.DialectFixtures.write;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Start-up: a dialect folder is whole and sound, or the hub does not start, naming the file. */
class DialectStartupTest {

  @Test
  void noDialectsFolderMeansNoDialects(@TempDir Path somewhere) {
    assertThat(DialectFixtures.load(somewhere.resolve("dialects")).names()).isEmpty();
  }

  @Test
  void aMissingFileStopsTheStart(@TempDir Path dialects) throws IOException {
    Path incomplete = copyOfExample(dialects, "incomplete-v1");
    Files.delete(incomplete.resolve("from-canonical.xsl"));

    assertThatThrownBy(() -> DialectFixtures.load(dialects))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(incomplete.resolve("from-canonical.xsl").toString())
        .hasMessageContaining("is missing");
  }

  @Test
  void aStylesheetThatDoesNotCompileStopsTheStart(@TempDir Path dialects) {
    Path broken = copyOfExample(dialects, "broken-v1");
    write(
        broken.resolve("to-canonical.xsl"),
        """
        <xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
          <xsl:template match="/">
            <xsl:value-of select="(("/>
          </xsl:template>
        </xsl:stylesheet>
        """);

    assertThatThrownBy(() -> DialectFixtures.load(dialects))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(broken.resolve("to-canonical.xsl").toString())
        .hasMessageContaining("does not compile")
        .hasMessageContaining("line 3");
  }

  @Test
  void anInvalidSchemaStopsTheStart(@TempDir Path dialects) {
    Path broken = copyOfExample(dialects, "broken-v1");
    write(
        broken.resolve("dialect.xsd"),
        """
        <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:x">
          <xs:element name="Anfrage" type="NoSuchType"/>
        </xs:schema>
        """);

    assertThatThrownBy(() -> DialectFixtures.load(dialects))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(broken.resolve("dialect.xsd").toString())
        .hasMessageContaining("not a valid XSD");
  }

  @Test
  void aSchemaThatImportsAnotherIsRefused(@TempDir Path dialects) {
    Path importing = copyOfExample(dialects, "importing-v1");
    write(
        importing.resolve("dialect.xsd"),
        """
        <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:x"
            xmlns:env="urn:imi-hub:envelope:v1">
          <xs:import namespace="urn:imi-hub:envelope:v1" schemaLocation="https://example.org/e.xsd"/>
          <xs:element name="Anfrage" type="env:EnvelopeType"/>
        </xs:schema>
        """);

    assertThatThrownBy(() -> DialectFixtures.load(dialects))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(importing.resolve("dialect.xsd").toString());
  }

  @Test
  void aStylesheetWithADocumentTypeDeclarationStopsTheStart(@TempDir Path dialects) {
    Path withDtd = copyOfExample(dialects, "dtd-v1");
    write(
        withDtd.resolve("to-canonical.xsl"),
        """
        <?xml version="1.0"?>
        <!DOCTYPE xsl:stylesheet [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
        <xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
          <xsl:template match="/"><x>&secret;</x></xsl:template>
        </xsl:stylesheet>
        """);

    assertThatThrownBy(() -> DialectFixtures.load(dialects))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(withDtd.resolve("to-canonical.xsl").toString());
  }

  @Test
  void aStylesheetThatCallsJavaStopsTheStart(@TempDir Path dialects) {
    Path callingJava = copyOfExample(dialects, "java-v1");
    write(
        callingJava.resolve("to-canonical.xsl"),
        """
        <xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
            xmlns:sys="java:java.lang.System">
          <xsl:template match="/"><x><xsl:value-of select="sys:getenv('HOME')"/></x></xsl:template>
        </xsl:stylesheet>
        """);

    assertThatThrownBy(() -> DialectFixtures.load(dialects))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(callingJava.resolve("to-canonical.xsl").toString())
        .hasMessageContaining("XPST0017");
  }

  @Test
  void aStylesheetMayIncludeFilesOfItsOwnFolderButNoOthers(@TempDir Path dialects) {
    Path including = copyOfExample(dialects, "including-v1");
    write(
        including.resolve("to-canonical.xsl"),
        """
        <xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
          <xsl:include href="common.xsl"/>
        </xsl:stylesheet>
        """);
    write(
        including.resolve("common.xsl"),
        """
        <xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
          <xsl:template match="/"><x/></xsl:template>
        </xsl:stylesheet>
        """);
    assertThat(DialectFixtures.load(dialects).names()).containsExactly("including-v1");

    write(dialects.resolve("outside.xsl"), DialectFixtures.read(including.resolve("common.xsl")));
    write(
        including.resolve("to-canonical.xsl"),
        """
        <xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
          <xsl:include href="../outside.xsl"/>
        </xsl:stylesheet>
        """);
    assertThatThrownBy(() -> DialectFixtures.load(dialects))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(including.resolve("to-canonical.xsl").toString());
  }
}
