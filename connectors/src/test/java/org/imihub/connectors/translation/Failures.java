package org.imihub.connectors.translation;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.imihub.routes.translation.MachineTranslationException;

/** How the tests take a translation's failure: the future's own cause, never a sleep. */
final class Failures {
  private Failures() {}

  /**
   * The {@link MachineTranslationException} the translation failed with (within 5 s), after
   * checking that its message does not give away {@code text}.
   */
  static MachineTranslationException failureOf(CompletableFuture<String> translation, String text) {
    ExecutionException failed =
        catchThrowableOfType(ExecutionException.class, () -> translation.get(5, SECONDS));
    assertThat(failed).as("the translation should have failed").isNotNull();
    assertThat(failed.getCause()).isInstanceOf(MachineTranslationException.class);
    assertThat(failed.getCause().getMessage()).doesNotContain(text);
    return (MachineTranslationException) failed.getCause();
  }
}
