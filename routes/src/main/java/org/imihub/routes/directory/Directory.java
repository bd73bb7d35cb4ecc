package org.imihub.routes.directory;

import java.net.URI;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.imihub.contract.Digests;
import org.imihub.contract.signature.SigningIdentity;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The authorities the hub knows, how each is reached, and which certificates are whose. Kept in the
 * database so that every hub node sees the same directory.
 *
 * <p>Every message asks for several authorities (its sender, each recipient, each delivery's
 * recipient and whether its delivery is paused), so a node reads the whole table at once and
 * answers from that reading for {@link #READING_AGE}: the benchmark's profile had these look-ups
 * among the hub's database costs. A change made through this node (registering, pausing) is seen at
 * once; one made through another node within that time, or the time one reading takes after it.
 */
@Component
public class Directory {
  /** How long a reading of the authority table answers before it is read again. */
  public static final Duration READING_AGE = Duration.ofSeconds(5);

  private final JdbcTemplate jdbc;
  private final long readingAgeNanos;
  private final Map<String, String> authorityByFingerprint = new ConcurrentHashMap<>();

  /** Counts the changes made through this node: a reading taken before the last one is old. */
  private final AtomicLong changes = new AtomicLong();

  private volatile Reading reading;

  /** Held by the one thread reading the table again. */
  private final ReentrantLock readingAgain = new ReentrantLock();

  /** The authority table as read at one moment: by id, in id order, and which are paused. */
  private record Reading(
      Map<String, Authority> byId, Set<String> paused, long readAtNanos, long changesBefore) {}

  @Autowired
  public Directory(JdbcTemplate jdbc) {
    this(jdbc, READING_AGE);
  }

  Directory(JdbcTemplate jdbc, Duration readingAge) {
    this.jdbc = jdbc;
    this.readingAgeNanos = readingAge.toNanos();
  }

  /** The authorities reached through one kind of connector. */
  public List<Authority> reachedBy(ConnectorType connector) {
    return authorities().filter(authority -> authority.connector() == connector).toList();
  }

  /** The coordinators of a country: they get the escalations of its authorities' exchanges. */
  public List<Authority> coordinatorsOf(String country) {
    return authorities()
        .filter(authority -> authority.country().equals(country))
        .filter(authority -> authority.roles().contains(Authority.Role.COORDINATOR))
        .toList();
  }

  /**
   * The authorities that handle {@code policyArea} in the given countries (the Commission's country
   * code is {@link Authority#COMMISSION}), in a stable order.
   */
  public List<Authority> handling(String policyArea, Collection<String> countries) {
    return authorities()
        .filter(authority -> countries.contains(authority.country()))
        .filter(authority -> authority.policyAreas().contains(policyArea))
        .sorted(Comparator.comparing(Authority::country).thenComparing(Authority::id))
        .toList();
  }

  /** Pauses or resumes delivery to an authority; false if there is no such authority. */
  public boolean setPaused(String id, boolean paused) {
    boolean known = jdbc.update("update authority set paused = ? where id = ?", paused, id) == 1;
    forgetReadingOnceCommitted();
    return known;
  }

  public boolean isPaused(String id) {
    return reading().paused().contains(id);
  }

  /** The authorities whose delivery is paused, as the database has them now. */
  public List<String> paused() {
    return jdbc.queryForList(
        "select id from authority where paused = true order by id", String.class);
  }

  public Optional<Authority> find(String id) {
    return Optional.ofNullable(reading().byId().get(id));
  }

  /** Every authority, in id order. */
  private Stream<Authority> authorities() {
    return reading().byId().values().stream();
  }

  /**
   * One thread reads the table again; the others do not read too. A reading that is only old still
   * answers them meanwhile (with a thousand authorities the delivery consumers had waited for each
   * new reading: docs/performance.md); after a change through this node they wait for the reading
   * that has it.
   */
  private Reading reading() {
    Reading current = reading;
    if (isFresh(current)) {
      return current;
    }
    boolean onlyOld = current != null && current.changesBefore() == changes.get();
    if (onlyOld) {
      if (!readingAgain.tryLock()) {
        return current;
      }
    } else {
      readingAgain.lock();
    }
    try {
      current = reading;
      if (!isFresh(current)) {
        current = read();
        reading = current;
      }
      return current;
    } finally {
      readingAgain.unlock();
    }
  }

  private boolean isFresh(Reading current) {
    return current != null
        && current.changesBefore() == changes.get()
        && System.nanoTime() - current.readAtNanos() < readingAgeNanos;
  }

  private Reading read() {
    long changesBefore = changes.get();
    long readAt = System.nanoTime();
    Map<String, Authority> byId = new LinkedHashMap<>();
    Set<String> paused = new HashSet<>();
    jdbc.query(
        "select * from authority order by id",
        row -> {
          Authority authority = authority(row, 0);
          byId.put(authority.id(), authority);
          if (row.getBoolean("paused")) {
            paused.add(authority.id());
          }
        });
    return new Reading(
        Collections.unmodifiableMap(byId), Set.copyOf(paused), readAt, changesBefore);
  }

  /**
   * The next question reads the table again; inside a transaction, once more when it has ended, so
   * that a reading taken before the commit is not kept.
   */
  private void forgetReadingOnceCommitted() {
    changes.incrementAndGet();
    if (TransactionSynchronizationManager.isSynchronizationActive()) {
      TransactionSynchronizationManager.registerSynchronization(
          new TransactionSynchronization() {
            @Override
            public void afterCompletion(int status) {
              changes.incrementAndGet();
            }
          });
    }
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
    forgetReadingOnceCommitted();
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
