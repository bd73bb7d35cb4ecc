package org.imihub.connectors.dialect;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.xmlunit.xpath.JAXPXPathEngine;
import org.xmlunit.xpath.XPathEngine;

/**
 * The shipped example dialect, test dialects in a folder of their own, and hand-built deliveries.
 */
final class DialectFixtures {
  static final String EXAMPLE = "de-aerztekammer-v1";

  /** The repository's config/dialects, from the connectors module where Maven runs the tests. */
  static final Path SHIPPED = Path.of("..", "config", "dialects");

  static final String ENVELOPE_NS = "urn:imi-hub:envelope:v1";
  static final String HUB_NS = "urn:imi-hub:hub:v1";
  static final String DIALECT_NS = "urn:example:de-aerztekammer:v1";

  private static final CamelContext CAMEL = startedCamel();
  private static Dialects shipped;

  private DialectFixtures() {}

  static synchronized Dialects shipped() {
    if (shipped == null) {
      shipped = new Dialects(CAMEL, SHIPPED);
    }
    return shipped;
  }

  static Dialects load(Path dialectsFolder) {
    return new Dialects(CAMEL, dialectsFolder);
  }

  /**
   * A copy of the shipped example under {@code dialectsFolder}, named {@code name}, for a test that
   * replaces one of its files.
   */
  static Path copyOfExample(Path dialectsFolder, String name) {
    Path copy = dialectsFolder.resolve(name);
    try (Stream<Path> files = Files.list(SHIPPED.resolve(EXAMPLE))) {
      Files.createDirectories(copy);
      for (Path file : files.toList()) {
        Files.copy(file, copy.resolve(file.getFileName()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return copy;
  }

  static void write(Path file, String content) {
    try {
      Files.writeString(file, content, UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String read(Path file) {
    try {
      return Files.readString(file, UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] resource(String name) {
    try (InputStream in = DialectFixtures.class.getResourceAsStream("/dialect/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource dialect/" + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A hub:Delivery to DE-LAEK-BY as the hub builds one: the delivered envelope or notice byte for
   * byte, then the reading; the hub's own signature is only a placeholder (the schema skips it).
   */
  static byte[] delivery(String messageId, byte[] delivered, String reading) {
    String inner = new String(delivered, UTF_8).replaceFirst("^\\s*<\\?xml[^>]*\\?>", "");
    return ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
            + "<hub:Delivery xmlns:hub=\"urn:imi-hub:hub:v1\">"
            + "<hub:DeliveryId>"
            + messageId
            + "~DE-LAEK-BY</hub:DeliveryId>"
            + "<hub:Recipient>DE-LAEK-BY</hub:Recipient>"
            + "<hub:SentAt>2026-11-24T10:00:05Z</hub:SentAt>"
            + inner
            + reading
            + "<ds:Signature xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\"/>"
            + "</hub:Delivery>")
        .getBytes(UTF_8);
  }

  static XPathEngine xpath() {
    JAXPXPathEngine xpath = new JAXPXPathEngine();
    xpath.setNamespaceContext(
        Map.of(
            "env", ENVELOPE_NS,
            "hub", HUB_NS,
            "ak", DIALECT_NS,
            "ds", "http://www.w3.org/2000/09/xmldsig#"));
    return xpath;
  }

  private static CamelContext startedCamel() {
    CamelContext camel = new DefaultCamelContext();
    camel.start();
    return camel;
  }
}
