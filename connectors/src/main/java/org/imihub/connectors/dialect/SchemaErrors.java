package org.imihub.connectors.dialect;

import java.util.List;
import org.xml.sax.SAXParseException;

/**
 * What a schema validator said, without the values it quotes. Xerces names the rule that failed
 * first ({@code cvc-pattern-valid: Value 'X' is not facet-valid ...}); for rules about structure
 * the rest of the sentence names only elements and attributes and is kept, for rules about values
 * it quotes the value, which may be personal data, and only the rule is kept.
 */
final class SchemaErrors {
  /**
   * Rules (and their sub-rules) whose messages name elements, attributes or types, never content.
   */
  private static final List<String> STRUCTURE_RULES =
      List.of(
          "cvc-complex-type.2.1.",
          "cvc-complex-type.2.2.",
          "cvc-complex-type.2.3.",
          "cvc-complex-type.2.4.",
          "cvc-complex-type.3.2.",
          "cvc-complex-type.4.",
          "cvc-elt.1.",
          "cvc-type.2.");

  private SchemaErrors() {}

  static String withoutValues(SAXParseException e) {
    String message = String.valueOf(e.getMessage()).strip();
    int colon = message.indexOf(':');
    if (!message.startsWith("cvc-") || colon < 0) {
      return "the schema refuses the document here";
    }
    String rule = message.substring(0, colon);
    if (STRUCTURE_RULES.stream().anyMatch(structure -> (rule + ".").startsWith(structure))) {
      return message;
    }
    return rule + ": a value does not fit its type (the value is not repeated here)";
  }

  /** "line 3, column 20" when the validator knows it, else nothing. */
  static String position(SAXParseException e) {
    return e.getLineNumber() > 0
        ? "line " + e.getLineNumber() + ", column " + e.getColumnNumber()
        : "";
  }
}
