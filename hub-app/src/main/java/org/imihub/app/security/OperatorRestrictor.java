package org.imihub.app.security;

import javax.management.ObjectName;
import org.jolokia.server.core.restrictor.AllowAllRestrictor;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Jolokia's rule for who may change what, used by the Hawtio console: anyone logged in (VIEWER or
 * OPERATOR) reads; writing an attribute or running an operation needs OPERATOR. Jolokia creates it
 * itself (management.endpoint.jolokia.config.restrictorClass), so it reads the role from the
 * request's Spring Security context.
 */
public class OperatorRestrictor extends AllowAllRestrictor {

  @Override
  public boolean isAttributeWriteAllowed(ObjectName name, String attribute) {
    return operator();
  }

  @Override
  public boolean isOperationAllowed(ObjectName name, String operation) {
    return operator();
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
