package org.imihub.routes.directory;

import java.net.URI;

/** A competent authority as the directory knows it. */
public record Authority(
    String id,
    String name,
    String country,
    String language,
    ConnectorType connector,
    URI endpoint) {

  /** The same authority, reached another way. */
  public Authority withConnector(ConnectorType type, URI newEndpoint) {
    return new Authority(id, name, country, language, type, newEndpoint);
  }
}
