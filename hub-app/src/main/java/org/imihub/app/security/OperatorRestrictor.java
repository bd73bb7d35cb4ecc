package org.imihub.app.security;

import java.util.Locale;
import javax.management.ObjectName;
import org.jolokia.server.core.restrictor.AllowAllRestrictor;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Jolokia's rule for who may change what, used by the Hawtio console: anyone logged in (VIEWER or
 * OPERATOR) reads; writing an attribute or running an operation needs OPERATOR, except the
 * operations that only read what the console draws ({@link #readsOnly}). Jolokia creates it itself
 * (management.endpoint.jolokia.config.restrictorClass), so it reads the role from the request's
 * Spring Security context.
 */
public class OperatorRestrictor extends AllowAllRestrictor {

  @Override
  public boolean isAttributeWriteAllowed(ObjectName name, String attribute) {
    return operator();
  }

  @Override
  public boolean isOperationAllowed(ObjectName name, String operation) {
    return operator() || readsOnly(name, operation);
  }

  /**
   * Operations a viewer may run because they change nothing and show no message contents: Camel's
   * route definitions and statistics (the route diagram), and Artemis's lists of addresses, queues,
   * consumers and producers. Browsing, tracing or listing messages stays with operators: messages
   * hold personal data.
   */
  static boolean readsOnly(ObjectName name, String operation) {
    String method =
        operation.contains("(") ? operation.substring(0, operation.indexOf('(')) : operation;
    if (method.toLowerCase(Locale.ROOT).contains("message")) {
      return false;
    }
    return switch (name.getDomain()) {
      case "org.apache.camel" -> method.startsWith("dump") && method.endsWith("AsXml");
      case "org.apache.activemq.artemis" -> method.startsWith("list");
      default -> false;
    };
  }

  private static boolean operator() {
    Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
    return authentication != null
        && authentication.getAuthorities().stream()
            .anyMatch(
                authority ->
                    ("ROLE_" + ManagementSecurity.OPERATOR).equals(authority.getAuthority()));
  }
}
