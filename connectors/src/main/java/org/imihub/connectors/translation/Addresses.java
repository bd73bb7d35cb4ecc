package org.imihub.connectors.translation;

import java.net.URI;
import java.net.URISyntaxException;

/** Addresses below a configured base address, built from parts rather than from strings. */
final class Addresses {
  private Addresses() {}

  /**
   * {@code base} with {@code segments} appended to its path, whether or not the base ends with a
   * slash. Segments are plain names (letters, digits, '-', '_'): nothing to escape.
   */
  static URI below(URI base, String... segments) {
    StringBuilder path = new StringBuilder(base.getPath() == null ? "" : base.getPath());
    while (path.length() > 0 && path.charAt(path.length() - 1) == '/') {
      path.setLength(path.length() - 1);
    }
    for (String segment : segments) {
      path.append('/').append(segment);
    }
    try {
      return new URI(
          base.getScheme(), null, base.getHost(), base.getPort(), path.toString(), null, null);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("cannot extend " + base + " with " + path, e);
    }
  }
}
