package org.imihub.routes.directory;

import java.net.URI;
import java.util.Set;

/** A competent authority as the directory knows it. */
public record Authority(
    String id,
    String name,
    String country,
    String language,
    ConnectorType connector,
    URI endpoint,
    Set<Role> roles) {

  /** What an authority is besides a competent authority. */
  public enum Role {
    /** A country's coordinator (IMI's NIMIC or a delegate): gets the escalations of its country. */
    COORDINATOR
  }

  public Authority {
    roles = roles == null ? Set.of() : Set.copyOf(roles);
  }

  /** An authority with no particular role. */
  public Authority(
      String id,
      String name,
      String country,
      String language,
      ConnectorType connector,
      URI endpoint) {
    this(id, name, country, language, connector, endpoint, Set.of());
  }

  /** The same authority, reached another way. */
  public Authority withConnector(ConnectorType type, URI newEndpoint) {
    return new Authority(id, name, country, language, type, newEndpoint, roles);
  }
}
