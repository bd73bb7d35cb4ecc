package org.imihub.app.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import org.imihub.contract.PassedChecks;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Checks operators' passwords with the configured hashes (bcrypt), and remembers a successful check
 * for a while. The management endpoints are stateless (basic credentials on every call), so a
 * Prometheus scrape every few seconds would otherwise pay a bcrypt check each time: about 70 ms of
 * a core here, which the benchmark found at 3% of the hub's CPU. Only the fact that a password
 * matched its hash is kept, under a SHA-256 of both; a wrong password is always checked in full, so
 * guessing stays as slow as bcrypt makes it.
 */
public final class RememberedPasswords implements PasswordEncoder {
  private final PasswordEncoder hashes;
  private final PassedChecks matched;

  public RememberedPasswords(
      PasswordEncoder hashes, Duration remembered, int capacity, Clock clock) {
    this.hashes = hashes;
    this.matched = new PassedChecks(remembered, capacity, clock);
  }

  @Override
  public String encode(CharSequence rawPassword) {
    return hashes.encode(rawPassword);
  }

  @Override
  public boolean matches(CharSequence rawPassword, String encodedPassword) {
    if (rawPassword == null || encodedPassword == null) {
      return hashes.matches(rawPassword, encodedPassword);
    }
    String key = key(rawPassword, encodedPassword);
    if (matched.passed(key)) {
      return true;
    }
    boolean matches = hashes.matches(rawPassword, encodedPassword);
    if (matches) {
      matched.remember(key);
    } else {
      matched.forget(key);
    }
    return matches;
  }

  @Override
  public boolean upgradeEncoding(String encodedPassword) {
    return hashes.upgradeEncoding(encodedPassword);
  }

  private static String key(CharSequence rawPassword, String encodedPassword) {
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      sha256.update(encodedPassword.getBytes(StandardCharsets.UTF_8));
      sha256.update((byte) 0);
      sha256.update(rawPassword.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(sha256.digest());
    } catch (NoSuchAlgorithmException impossible) {
      throw new IllegalStateException("SHA-256 is part of every JDK", impossible);
    }
  }
}
