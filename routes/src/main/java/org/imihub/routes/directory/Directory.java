package org.imihub.routes.directory;

import java.net.URI;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.imihub.contract.Digests;
import org.imihub.contract.signature.SigningIdentity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The authorities the hub knows, how each is reached, and which certificates are whose. Kept in the
 * database so that every hub node sees the same directory.
 */
@Component
public class Directory {
  private final JdbcTemplate jdbc;
  private final Map<String, String> authorityByFingerprint = new ConcurrentHashMap<>();

  public Directory(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /** The authorities reached through one kind of connector. */
  public List<Authority> reachedBy(ConnectorType connector) {
    return jdbc.query(
        "select * from authority where connector = ? order by id",
        Directory::authority,
        connector.name());
  }

  /** The coordinators of a country: they get the escalations of its authorities' exchanges. */
  public List<Authority> coordinatorsOf(String country) {
    return jdbc
        .query(
            "select * from authority where country = ? order by id", Directory::authority, country)
        .stream()
        .filter(authority -> authority.roles().contains(Authority.Role.COORDINATOR))
        .toList();
  }

  /**
   * The authorities that handle {@code policyArea} in the given countries (the Commission's country
   * code is {@link Authority#COMMISSION}), in a stable order.
   */
  public List<Authority> handling(String policyArea, Collection<String> countries) {
    if (countries.isEmpty()) {
      return List.of();
    }
    String marks = String.join(",", Collections.nCopies(countries.size(), "?"));
    return jdbc
        .query(
            "select * from authority where country in (" + marks + ") order by country, id",
            Directory::authority,
            countries.toArray())
        .stream()
        .filter(authority -> authority.policyAreas().contains(policyArea))
        .toList();
  }

  /** Pauses or resumes delivery to an authority; false if there is no such authority. */
  public boolean setPaused(String id, boolean paused) {
    return jdbc.update("update authority set paused = ? where id = ?", paused, id) == 1;
  }

  public boolean isPaused(String id) {
    return jdbc
        .query("select paused from authority where id = ?", (rs, i) -> rs.getBoolean(1), id)
        .stream()
        .findFirst()
        .orElse(false);
  }

  /** The authorities whose delivery is paused. */
  public List<String> paused() {
    return jdbc.queryForList(
        "select id from authority where paused = true order by id", String.class);
  }

  public Optional<Authority> find(String id) {
    return jdbc.query("select * from authority where id = ?", Directory::authority, id).stream()
        .findFirst();
  }

  /**
   * The id of the authority a certificate is registered to, whatever its validity. Asked on every
   * call, message and acknowledgement, so what was found is kept: a certificate, once registered,
   * stays with its authority (certificates are only added, never moved; withdrawing them will have
   * to forget them here too). What was not found is asked again, so a newly added one is seen.
   */
  public Optional<String> authorityIdOf(X509Certificate certificate) {
    String fingerprint = fingerprint(certificate);
    String known = authorityByFingerprint.get(fingerprint);
    if (known != null) {
      return Optional.of(known);
    }
    Optional<String> found =
        jdbc
            .query(
                "select authority_id from authority_certificate where sha256 = ?",
                (rs, i) -> rs.getString(1),
                fingerprint)
            .stream()
            .findFirst();
    found.ifPresent(id -> authorityByFingerprint.put(fingerprint, id));
    return found;
  }

  public List<X509Certificate> certificatesOf(String authorityId) {
    return jdbc.query(
        "select pem from authority_certificate where authority_id = ?",
        (rs, i) -> SigningIdentity.readCertificate(rs.getString("pem")),
        authorityId);
  }

  /** Adds or updates an authority and adds the given certificates to those it already has. */
  @Transactional
  public void register(Authority authority, List<X509Certificate> certificates) {
    int updated =
        jdbc.update(
            "update authority set name = ?, country = ?, language = ?, connector = ?, endpoint = ?, roles = ?,"
                + " policy_areas = ?, dialect = ? where id = ?",
            authority.name(),
            authority.country(),
            authority.language(),
            authority.connector().name(),
            endpoint(authority),
            roles(authority),
            String.join(",", new java.util.TreeSet<>(authority.policyAreas())),
            authority.dialect(),
            authority.id());
    if (updated == 0) {
      jdbc.update(
          "insert into authority (id, name, country, language, connector, endpoint, roles, policy_areas,"
              + " dialect) values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
          authority.id(),
          authority.name(),
          authority.country(),
          authority.language(),
          authority.connector().name(),
          endpoint(authority),
          roles(authority),
          String.join(",", new java.util.TreeSet<>(authority.policyAreas())),
          authority.dialect());
    }
    for (X509Certificate certificate : certificates) {
      String fingerprint = fingerprint(certificate);
      Integer known =
          jdbc.queryForObject(
              "select count(*) from authority_certificate where sha256 = ?",
              Integer.class,
              fingerprint);
      if (known == 0) {
        jdbc.update(
            "insert into authority_certificate (sha256, authority_id, pem, not_after) values (?, ?, ?, ?)",
            fingerprint,
            authority.id(),
            pem(certificate),
            OffsetDateTime.ofInstant(certificate.getNotAfter().toInstant(), ZoneOffset.UTC));
      }
    }
  }

  public static String fingerprint(X509Certificate certificate) {
    try {
      return Digests.sha256Hex(certificate.getEncoded());
    } catch (CertificateEncodingException e) {
      throw new IllegalArgumentException("certificate cannot be encoded", e);
    }
  }

  private static String endpoint(Authority authority) {
    return authority.endpoint() == null ? null : authority.endpoint().toString();
  }

  private static String pem(X509Certificate certificate) {
    try {
      return "-----BEGIN CERTIFICATE-----\n"
          + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(certificate.getEncoded())
          + "\n-----END CERTIFICATE-----\n";
    } catch (CertificateEncodingException e) {
      throw new IllegalArgumentException("certificate cannot be encoded", e);
    }
  }

  private static Authority authority(ResultSet rs, int row) throws SQLException {
    String endpoint = rs.getString("endpoint");
    return new Authority(
        rs.getString("id"),
        rs.getString("name"),
        rs.getString("country"),
        rs.getString("language"),
        ConnectorType.valueOf(rs.getString("connector")),
        endpoint == null ? null : URI.create(endpoint),
        Arrays.stream(rs.getString("roles").split(","))
            .filter(role -> !role.isBlank())
            .map(Authority.Role::valueOf)
            .collect(Collectors.toSet()),
        Arrays.stream(rs.getString("policy_areas").split(","))
            .filter(area -> !area.isBlank())
            .collect(Collectors.toSet()),
        rs.getString("dialect"));
  }

  private static String roles(Authority authority) {
    return authority.roles().stream().map(Enum::name).sorted().collect(Collectors.joining(","));
  }
}
