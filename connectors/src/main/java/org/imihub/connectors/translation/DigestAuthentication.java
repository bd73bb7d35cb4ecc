package org.imihub.connectors.translation;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.net.URI;
import java.net.http.HttpHeaders;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * HTTP Digest authentication (RFC 7616) for one user, as the client side: eTranslation asks for it
 * and {@code java.net.http} does not do it. Only what eTranslation uses is here: algorithm MD5 (or
 * SHA-256, the same computation), quality of protection {@code auth} (or none, RFC 2069); no {@code
 * -sess} algorithms, no {@code auth-int}, no user-name hashing.
 *
 * <p>The last challenge is remembered, so later requests answer it at once (with the next nonce
 * count) and skip the round trip of a 401; when the server no longer takes that nonce it answers
 * 401 with a new challenge, and the caller tries once more with that one.
 */
final class DigestAuthentication {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final String username;
  private final String password;
  private volatile Challenge lastChallenge;

  DigestAuthentication(String username, String password) {
    this.username = username;
    this.password = password;
  }

  /** The server's Digest challenge in a 401 answer, if it made one this class can answer. */
  static Optional<Challenge> challengeIn(HttpHeaders headers) {
    for (String header : headers.allValues("WWW-Authenticate")) {
      if (header.regionMatches(true, 0, "Digest ", 0, 7)) {
        Map<String, String> parameters = parameters(header.substring(7));
        Optional<Challenge> challenge = Challenge.of(parameters);
        if (challenge.isPresent()) {
          return challenge;
        }
      }
    }
    return Optional.empty();
  }

  /** The challenge answered last, to answer again without waiting for a 401; null at first. */
  Challenge lastChallenge() {
    return lastChallenge;
  }

  /** The {@code Authorization} header value for {@code method} on {@code uri}. */
  String authorization(Challenge challenge, String method, URI uri) {
    lastChallenge = challenge;
    String digestUri =
        uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    String nonceCount = String.format("%08x", challenge.uses.incrementAndGet());
    byte[] cnonceBytes = new byte[16];
    RANDOM.nextBytes(cnonceBytes);
    String cnonce = HexFormat.of().formatHex(cnonceBytes);
    String response = response(challenge, method, digestUri, nonceCount, cnonce);
    StringBuilder header = new StringBuilder("Digest ");
    header.append("username=").append(quoted(username));
    header.append(", realm=").append(quoted(challenge.realm()));
    header.append(", nonce=").append(quoted(challenge.nonce()));
    header.append(", uri=").append(quoted(digestUri));
    header.append(", algorithm=").append(challenge.algorithm());
    if (challenge.qopAuth()) {
      header.append(", qop=auth, nc=").append(nonceCount);
      header.append(", cnonce=").append(quoted(cnonce));
    }
    header.append(", response=").append(quoted(response));
    if (challenge.opaque() != null) {
      header.append(", opaque=").append(quoted(challenge.opaque()));
    }
    return header.toString();
  }

  /**
   * The {@code response} value: RFC 7616 section 3.4.1, or RFC 2069 when the server sets no qop.
   */
  String response(
      Challenge challenge, String method, String digestUri, String nonceCount, String cnonce) {
    String ha1 = hash(challenge, username + ":" + challenge.realm() + ":" + password);
    String ha2 = hash(challenge, method + ":" + digestUri);
    return challenge.qopAuth()
        ? hash(
            challenge,
            ha1 + ":" + challenge.nonce() + ":" + nonceCount + ":" + cnonce + ":auth:" + ha2)
        : hash(challenge, ha1 + ":" + challenge.nonce() + ":" + ha2);
  }

  private static String hash(Challenge challenge, String value) {
    try {
      MessageDigest digest = MessageDigest.getInstance(challenge.algorithm());
      return HexFormat.of().formatHex(digest.digest(value.getBytes(UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(challenge.algorithm() + " is missing from this Java", e);
    }
  }

  private static String quoted(String value) {
    return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }

  /**
   * The auth-params of a challenge: {@code name=token} or {@code name="quoted string"}, by commas.
   */
  static Map<String, String> parameters(String list) {
    Map<String, String> parameters = new LinkedHashMap<>();
    int i = 0;
    while (i < list.length()) {
      while (i < list.length()
          && (list.charAt(i) == ',' || Character.isWhitespace(list.charAt(i)))) {
        i++;
      }
      int equals = list.indexOf('=', i);
      if (equals < 0) {
        break;
      }
      String name = list.substring(i, equals).strip().toLowerCase(Locale.ROOT);
      i = equals + 1;
      while (i < list.length() && Character.isWhitespace(list.charAt(i))) {
        i++;
      }
      StringBuilder value = new StringBuilder();
      if (i < list.length() && list.charAt(i) == '"') {
        i++;
        while (i < list.length() && list.charAt(i) != '"') {
          if (list.charAt(i) == '\\' && i + 1 < list.length()) {
            i++;
          }
          value.append(list.charAt(i++));
        }
        i++;
      } else {
        while (i < list.length() && list.charAt(i) != ',') {
          value.append(list.charAt(i++));
        }
      }
      parameters.put(name, value.toString().strip());
    }
    return parameters;
  }

  /**
   * One challenge of the server: its realm, nonce and opaque value, the hash algorithm (a Java
   * {@link MessageDigest} name) and whether it asks for {@code qop=auth}. Counts its uses, for the
   * nonce count the server checks.
   */
  static final class Challenge {
    private final String realm;
    private final String nonce;
    private final String opaque;
    private final String algorithm;
    private final boolean qopAuth;
    private final AtomicInteger uses = new AtomicInteger();

    Challenge(String realm, String nonce, String opaque, String algorithm, boolean qopAuth) {
      this.realm = realm;
      this.nonce = nonce;
      this.opaque = opaque;
      this.algorithm = algorithm;
      this.qopAuth = qopAuth;
    }

    static Optional<Challenge> of(Map<String, String> parameters) {
      String realm = parameters.get("realm");
      String nonce = parameters.get("nonce");
      String algorithm = parameters.getOrDefault("algorithm", "MD5").toUpperCase(Locale.ROOT);
      String qop = parameters.get("qop");
      boolean qopAuth =
          qop != null
              && Arrays.stream(qop.split(","))
                  .anyMatch(option -> option.strip().equalsIgnoreCase("auth"));
      boolean answerable =
          realm != null
              && nonce != null
              && (algorithm.equals("MD5") || algorithm.equals("SHA-256"))
              && (qop == null || qopAuth);
      return answerable
          ? Optional.of(new Challenge(realm, nonce, parameters.get("opaque"), algorithm, qopAuth))
          : Optional.empty();
    }

    String realm() {
      return realm;
    }

    String nonce() {
      return nonce;
    }

    String opaque() {
      return opaque;
    }

    String algorithm() {
      return algorithm;
    }

    boolean qopAuth() {
      return qopAuth;
    }
  }
}
