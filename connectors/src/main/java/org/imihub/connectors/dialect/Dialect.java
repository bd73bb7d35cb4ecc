package org.imihub.connectors.dialect;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.camel.CamelContext;

/**
 * One dialect, read from its folder: {@code dialect.xsd}, {@code to-canonical.xsl} and {@code
 * from-canonical.xsl}, all three checked (loaded, compiled) before the hub starts.
 */
record Dialect(String name, DialectSchema schema, Mapping toCanonical, Mapping fromCanonical) {
  static final String SCHEMA = "dialect.xsd";
  static final String TO_CANONICAL = "to-canonical.xsl";
  static final String FROM_CANONICAL = "from-canonical.xsl";

  static Dialect load(Path folder, CamelContext camel) {
    String name = folder.getFileName().toString();
    return new Dialect(
        name,
        DialectSchema.load(name + "/" + SCHEMA, required(folder, SCHEMA)),
        Mapping.compile(name + "/" + TO_CANONICAL, required(folder, TO_CANONICAL), camel),
        Mapping.compile(name + "/" + FROM_CANONICAL, required(folder, FROM_CANONICAL), camel));
  }

  private static Path required(Path folder, String file) {
    Path path = folder.resolve(file);
    if (!Files.isRegularFile(path)) {
      throw new IllegalStateException(
          "Dialect file "
              + path
              + " is missing: a dialect needs "
              + SCHEMA
              + ", "
              + TO_CANONICAL
              + " and "
              + FROM_CANONICAL
              + ".");
    }
    return path;
  }
}
