package org.imihub.routes.directory;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.imihub.contract.Languages;
import org.imihub.contract.signature.SigningIdentity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a directory file (YAML, see config/demo-directory.yml) into the {@link Directory}.
 * Certificate paths are relative to the file. A wrong file stops the hub at start-up with a
 * sentence that names the entry, rather than leaving a half-loaded directory.
 */
public final class DirectoryFile {
  private static final Logger log = LoggerFactory.getLogger(DirectoryFile.class);

  record Entry(
      String id,
      String name,
      String country,
      String language,
      ConnectorType connector,
      URI endpoint,
      Set<Authority.Role> roles,
      Set<String> policyAreas,
      String dialect,
      List<String> certificates) {}

  record Content(List<Entry> authorities) {}

  private DirectoryFile() {}

  /** Loads a directory whose authorities all read the canonical formats. */
  public static void load(Path file, Directory directory) {
    load(file, directory, Set.of());
  }

  /**
   * @param dialects the dialects configured (docs/dialects.md): an authority may declare one of
   *     them, and no other
   */
  public static void load(Path file, Directory directory, Set<String> dialects) {
    ObjectMapper yaml =
        new ObjectMapper(new YAMLFactory())
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
    Content content;
    try {
      content = yaml.readValue(file.toFile(), Content.class);
    } catch (IOException e) {
      throw new IllegalStateException(
          "Directory file " + file + " cannot be read: " + e.getMessage(), e);
    }
    // Every entry is checked, and its certificates read, before the first is stored.
    Map<Authority, List<X509Certificate>> checked = new LinkedHashMap<>();
    for (Entry entry : content.authorities()) {
      checked.put(authority(file, entry, dialects), certificates(file, entry));
    }
    checked.forEach(directory::register);
    log.info("Directory loaded from {}: {} authorities", file, content.authorities().size());
  }

  private static Authority authority(Path file, Entry entry, Set<String> dialects) {
    if (entry.dialect() != null && !dialects.contains(entry.dialect())) {
      throw new IllegalStateException(
          "Directory file "
              + file
              + ": authority "
              + entry.id()
              + " speaks dialect "
              + entry.dialect()
              + ", which is not one of those configured "
              + new java.util.TreeSet<>(dialects)
              + " (hub.dialects-dir).");
    }
    if (entry.id() == null
        || entry.connector() == null
        || entry.certificates() == null
        || entry.certificates().isEmpty()) {
      throw new IllegalStateException(
          "Directory file "
              + file
              + ": authority "
              + entry.id()
              + " needs an id, a connector and at least one certificate.");
    }
    if (entry.connector() == ConnectorType.WEBHOOK
        && (entry.endpoint() == null || !"https".equals(entry.endpoint().getScheme()))) {
      throw new IllegalStateException(
          "Directory file "
              + file
              + ": authority "
              + entry.id()
              + " has a webhook connector but no https:// endpoint.");
    }
    String language =
        Languages.known(entry.language())
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "Directory file "
                            + file
                            + ": authority "
                            + entry.id()
                            + " reads "
                            + entry.language()
                            + ", not one of the hub's languages "
                            + Languages.ALL
                            + "."));
    return new Authority(
        entry.id(),
        entry.name(),
        entry.country(),
        language,
        entry.connector(),
        entry.endpoint(),
        entry.roles(),
        entry.policyAreas(),
        entry.dialect());
  }

  private static List<X509Certificate> certificates(Path file, Entry entry) {
    List<X509Certificate> certificates = new ArrayList<>();
    for (String certificate : entry.certificates()) {
      try {
        certificates.addAll(SigningIdentity.readCertificates(file.resolveSibling(certificate)));
      } catch (IllegalArgumentException unreadable) {
        throw new IllegalStateException(
            "Directory file " + file + ": authority " + entry.id() + ": " + unreadable.getMessage(),
            unreadable);
      }
    }
    return certificates;
  }
}
