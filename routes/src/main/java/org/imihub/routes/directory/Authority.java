package org.imihub.routes.directory;

import java.net.URI;
import java.util.Set;

/**
 * A competent authority as the directory knows it: how it is reached, what it is besides (roles),
 * which policy areas it handles (for alerts), and the XML dialect its back office speaks, if not
 * the canonical envelope (docs/dialects.md; null for canonical).
 */
public record Authority(
    String id,
    String name,
    String country,
    String language,
    ConnectorType connector,
    URI endpoint,
    Set<Role> roles,
    Set<String> policyAreas,
    String dialect) {

  /** What an authority is besides a competent authority. */
  public enum Role {
    /** A country's coordinator (IMI's NIMIC or a delegate): gets the escalations of its country. */
    COORDINATOR
  }

  /** The country code of the European Commission in the directory. */
  public static final String COMMISSION = "EU";

  public Authority {
    roles = roles == null ? Set.of() : Set.copyOf(roles);
    policyAreas = policyAreas == null ? Set.of() : Set.copyOf(policyAreas);
  }

  /** An authority with no particular role and no policy area. */
  public Authority(
      String id,
      String name,
      String country,
      String language,
      ConnectorType connector,
      URI endpoint) {
    this(id, name, country, language, connector, endpoint, Set.of(), Set.of(), null);
  }

  /** The same authority, reached another way. */
  public Authority withConnector(ConnectorType type, URI newEndpoint) {
    return new Authority(
        id, name, country, language, type, newEndpoint, roles, policyAreas, dialect);
  }

  /** The same authority, speaking another dialect (null: the canonical envelope). */
  public Authority withDialect(String newDialect) {
    return new Authority(
        id, name, country, language, connector, endpoint, roles, policyAreas, newDialect);
  }
}
