package org.imihub.connectors.dialect;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.imihub.contract.ErrorCode;
import org.imihub.contract.HubException;
import org.imihub.contract.xml.ContractSchemas;
import org.imihub.contract.xml.SecureXml;
import org.imihub.routes.HubProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXParseException;

/**
 * The back-office dialects the hub speaks (docs/dialects.md): for an authority whose back office
 * has its own XML format, the mapping between that format and the canonical envelope and delivery,
 * with XSLT. Read at start-up from {@code hub.dialects-dir}, one folder per dialect; a missing,
 * invalid or uncompilable file stops the start with a sentence naming it, a missing folder means no
 * dialects.
 *
 * <p>Both directions are validated on both sides, and a result is returned only when it is valid as
 * a whole: a refusal is a {@link HubException}, never a half-translated message. Refusals name the
 * rule, the place (line, column, element) and the stylesheet's error code, never a value, as values
 * may be personal data; for the same reason they carry no cause from the validator or from Saxon,
 * whose messages quote values.
 */
@Component
public class Dialects {
  static final String ENVELOPE_NS = ContractSchemas.ENVELOPE_NS;
  static final String HUB_NS = ContractSchemas.HUB_NS;
  private static final Logger log = LoggerFactory.getLogger(Dialects.class);

  private final Map<String, Dialect> dialects;

  @Autowired
  public Dialects(CamelContext camel, HubProperties properties) {
    this(camel, properties.dialectsPath());
  }

  public Dialects(CamelContext camel, Path folder) {
    this.dialects = load(folder, camel);
  }

  /** The dialects' names: their folders' names. */
  public Set<String> names() {
    return dialects.keySet();
  }

  /**
   * A message in {@code dialect} as the canonical envelope, unsigned: the message valid against the
   * dialect's XSD, the envelope valid against envelope-v1.xsd.
   *
   * @throws HubException {@code DIALECT_UNKNOWN}; {@code MALFORMED_XML} or {@code DTD_FORBIDDEN}
   *     for the message as XML; {@code DIALECT_INVALID} for the message against the dialect's
   *     schema, a failed mapping, or an envelope the envelope schema refuses
   */
  public byte[] toCanonical(String dialect, byte[] dialectMessage) {
    Dialect mapping = dialect(dialect);
    Document message = SecureXml.parse(dialectMessage);
    mapping.schema().validate(dialectMessage, "The message");
    Mapping toCanonical = mapping.toCanonical();
    Document envelope = parseResult(toCanonical.apply(message), toCanonical);
    if (!isElement(envelope.getDocumentElement(), ENVELOPE_NS, "Envelope")) {
      throw new HubException(
          ErrorCode.DIALECT_INVALID,
          "The mapping " + toCanonical.name() + " produced no env:Envelope.");
    }
    try {
      ContractSchemas.validate(envelope);
    } catch (HubException refused) {
      throw new HubException(
          ErrorCode.DIALECT_INVALID,
          "The mapping "
              + toCanonical.name()
              + " produced an envelope that envelope-v1.xsd refuses: "
              + contractViolation(refused));
    }
    return SecureXml.toBytes(envelope);
  }

  /**
   * A hub:Delivery as {@code dialect}'s delivery document: the delivery valid against hub-v1.xsd,
   * the result valid against the dialect's XSD and carrying the delivered envelope (or notice)
   * unchanged, so that its signature can still be checked.
   *
   * @throws HubException {@code DIALECT_UNKNOWN}; {@code MALFORMED_XML}, {@code DTD_FORBIDDEN} or
   *     {@code SCHEMA_VIOLATION} for the delivery; {@code DIALECT_INVALID} for a failed mapping, a
   *     result the dialect's schema refuses, or one that lost or changed the delivered original
   */
  public byte[] fromCanonical(String dialect, byte[] delivery) {
    Dialect mapping = dialect(dialect);
    Document canonical = SecureXml.parse(delivery);
    Element root = canonical.getDocumentElement();
    if (!isElement(root, HUB_NS, "Delivery")) {
      throw new HubException(ErrorCode.SCHEMA_VIOLATION, "The document is not a hub:Delivery.");
    }
    try {
      ContractSchemas.validate(canonical);
    } catch (HubException refused) {
      throw new HubException(
          ErrorCode.SCHEMA_VIOLATION,
          "The delivery does not conform to hub-v1.xsd: " + contractViolation(refused));
    }
    Mapping fromCanonical = mapping.fromCanonical();
    byte[] result = fromCanonical.apply(canonical);
    Document mapped = parseResult(result, fromCanonical);
    mapping.schema().validate(result, "The result of the mapping " + fromCanonical.name());
    keepsOriginal(fromCanonical, delivered(root), mapped);
    return SecureXml.toBytes(mapped);
  }

  private Dialect dialect(String name) {
    Dialect dialect = name == null ? null : dialects.get(name);
    if (dialect == null) {
      throw new HubException(
          ErrorCode.DIALECT_UNKNOWN, "No dialect of this name is configured: " + name + ".");
    }
    return dialect;
  }

  private static Document parseResult(byte[] result, Mapping mapping) {
    try {
      return SecureXml.parse(result);
    } catch (HubException notXml) {
      throw new HubException(
          ErrorCode.DIALECT_INVALID,
          "The mapping " + mapping.name() + " produced no well-formed XML.");
    }
  }

  /**
   * What a delivery carries, the element after its SentAt: an envelope or a notice today, and
   * whatever hub-v1.xsd adds later (which a dialect that does not know it fails to map).
   */
  private static Element delivered(Element delivery) {
    boolean afterSentAt = false;
    for (Node child = delivery.getFirstChild(); child != null; child = child.getNextSibling()) {
      if (child instanceof Element element) {
        if (afterSentAt) {
          return element;
        }
        afterSentAt = isElement(element, HUB_NS, "SentAt");
      }
    }
    throw new HubException(ErrorCode.SCHEMA_VIOLATION, "The delivery carries nothing.");
  }

  /**
   * The delivered envelope (or notice) must be in the result exactly once and unchanged, so that
   * the recipient can still check its signature, whatever else the dialect makes of it.
   */
  private static void keepsOriginal(Mapping mapping, Element original, Document mapped) {
    NodeList copies =
        mapped.getElementsByTagNameNS(original.getNamespaceURI(), original.getLocalName());
    String where = "The mapping " + mapping.name();
    if (copies.getLength() != 1) {
      throw new HubException(
          ErrorCode.DIALECT_INVALID,
          where
              + " must carry the delivered "
              + original.getLocalName()
              + " exactly once, unchanged; it carries it "
              + copies.getLength()
              + " times.");
    }
    if (!Originals.same(original, (Element) copies.item(0))) {
      throw new HubException(
          ErrorCode.DIALECT_INVALID,
          where
              + " changed the delivered "
              + original.getLocalName()
              + ": its signature would no longer verify.");
    }
  }

  /** ContractSchemas' refusal, without the values its validator quotes. */
  private static String contractViolation(HubException refused) {
    return refused.getCause() instanceof SAXParseException violation
        ? SchemaErrors.withoutValues(violation)
        : "the schema refuses it";
  }

  private static boolean isElement(Element element, String namespace, String localName) {
    return element != null
        && namespace.equals(element.getNamespaceURI())
        && localName.equals(element.getLocalName());
  }

  private static Map<String, Dialect> load(Path folder, CamelContext camel) {
    if (!Files.isDirectory(folder)) {
      log.info("No dialects: {} does not exist (hub.dialects-dir).", folder);
      return Map.of();
    }
    Map<String, Dialect> dialects = new TreeMap<>();
    try (Stream<Path> entries = Files.list(folder)) {
      for (Path entry : entries.sorted().toList()) {
        // A hidden folder (an editor's, a version control's) is no dialect.
        if (Files.isDirectory(entry) && !entry.getFileName().toString().startsWith(".")) {
          Dialect dialect = Dialect.load(entry, camel);
          dialects.put(dialect.name(), dialect);
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("Dialects folder " + folder + " cannot be read.", e);
    }
    log.info("Dialects loaded from {}: {}", folder, dialects.keySet());
    return Collections.unmodifiableMap(dialects);
  }
}
