package org.imihub.app.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.imihub.contract.testsupport.MutableClock;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

class RememberedPasswordsTest {
  private static final PasswordEncoder BCRYPT =
      PasswordEncoderFactories.createDelegatingPasswordEncoder();
  private static final String HASH = BCRYPT.encode("right");

  private final AtomicInteger fullChecks = new AtomicInteger();
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T08:00:00Z"));

  private RememberedPasswords passwords(int capacity) {
    PasswordEncoder counting =
        new PasswordEncoder() {
          @Override
          public String encode(CharSequence raw) {
            return BCRYPT.encode(raw);
          }

          @Override
          public boolean matches(CharSequence raw, String encoded) {
            fullChecks.incrementAndGet();
            return BCRYPT.matches(raw, encoded);
          }
        };
    return new RememberedPasswords(counting, Duration.ofMinutes(10), capacity, clock);
  }

  @Test
  void aMatchIsRememberedUntilItExpires() {
    RememberedPasswords passwords = passwords(64);
    assertThat(passwords.matches("right", HASH)).isTrue();
    assertThat(passwords.matches("right", HASH)).isTrue();
    assertThat(fullChecks).hasValue(1);

    clock.advance(Duration.ofMinutes(11));
    assertThat(passwords.matches("right", HASH)).isTrue();
    assertThat(fullChecks).hasValue(2);
  }

  @Test
  void aWrongPasswordIsCheckedInFullEveryTime() {
    RememberedPasswords passwords = passwords(64);
    assertThat(passwords.matches("right", HASH)).isTrue();
    assertThat(passwords.matches("wrong", HASH)).isFalse();
    assertThat(passwords.matches("wrong", HASH)).isFalse();
    assertThat(fullChecks).hasValue(3);
  }

  @Test
  void aChangedHashIsNotMatchedByTheOldPassword() {
    RememberedPasswords passwords = passwords(64);
    assertThat(passwords.matches("right", HASH)).isTrue();
    assertThat(passwords.matches("right", BCRYPT.encode("new"))).isFalse();
  }

  @Test
  void theMemoryStaysWithinItsCapacity() {
    RememberedPasswords passwords = passwords(2);
    String other = BCRYPT.encode("other");
    String third = BCRYPT.encode("third");
    assertThat(passwords.matches("right", HASH)).isTrue();
    assertThat(passwords.matches("other", other)).isTrue();
    assertThat(passwords.matches("third", third)).isTrue();
    int before = fullChecks.get();
    // Full again: the third one made room by forgetting the others.
    assertThat(passwords.matches("right", HASH)).isTrue();
    assertThat(fullChecks).hasValue(before + 1);
  }
}
