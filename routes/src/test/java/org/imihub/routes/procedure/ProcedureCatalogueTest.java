package org.imihub.routes.procedure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.imihub.contract.HubTexts;
import org.imihub.contract.Languages;
import org.imihub.routes.delivery.DeliveryStatus;
import org.imihub.routes.exchange.AlertLifecycle;
import org.imihub.routes.exchange.RequestLifecycle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped procedures load, complete in every language; a wrong procedure folder stops the hub
 * with a sentence naming the file and the problem.
 */
class ProcedureCatalogueTest {
  static final Path SHIPPED = Path.of("../config/procedures");

  @TempDir Path temp;

  @Test
  void theShippedProceduresLoadCompleteInEveryLanguage() {
    ProcedureCatalogue catalogue = ProcedureCatalogue.load(SHIPPED);

    assertThat(catalogue.all())
        .extracting(Procedure::code)
        .containsExactly("PQ-ALERT", "PQ-CHECK", "SD-INFO");
    Procedure check = catalogue.find("PQ-CHECK").orElseThrow();
    assertThat(check.kind()).isEqualTo(Procedure.Kind.REQUEST);
    assertThat(check.deadlines()).isEqualTo(new Procedure.Deadlines(7, 28));
    assertThat(check.question("PQ-SANCTIONS").orElseThrow().options()).contains("NONE");
    assertThat(catalogue.find("PQ-ALERT").orElseThrow().deadlines()).isNull();
    for (Procedure procedure : catalogue.all()) {
      for (String language : Languages.ALL) {
        for (String key : Procedure.textKeys(procedure.questions().values())) {
          assertThat(procedure.texts().get(language).get(key))
              .as("%s %s %s", procedure.code(), language, key)
              .isNotBlank();
        }
      }
      assertThat(procedure.name("hu")).isNotEqualTo(procedure.name("en"));
    }
  }

  /** Every code the hub renders has its text: message types, states, statuses, notices, answers. */
  @Test
  void everyCodeTheHubRendersHasItsText() {
    List<String> keys =
        Stream.of(
                keys("messageType.", RequestLifecycle.Action.values()),
                keys("messageType.", AlertLifecycle.Action.values()),
                keys("requestState.", RequestLifecycle.State.values()),
                keys("alertState.", AlertLifecycle.State.values()),
                keys("deliveryStatus.", DeliveryStatus.values()),
                keys("procedureKind.", Procedure.Kind.values()),
                keys("answerType.", Procedure.AnswerKind.values()),
                keys("noticeKind.", org.imihub.contract.hub.v1.NoticeKindType.values()),
                keys("noticeReason.", org.imihub.contract.hub.v1.NoticeReasonType.values()))
            .flatMap(List::stream)
            .toList();
    assertThat(HubTexts.all("en")).containsKeys(keys.toArray(String[]::new));
  }

  @Test
  void aProcedureThatIsNotSchemaValidStopsTheStart() throws IOException {
    Path folder = copy("PQ-CHECK");
    replace(folder.resolve("procedure.xml"), "answer=\"YES_NO\"", "answer=\"MAYBE\"");

    assertRefused(folder, "procedure.xml", "is not a valid procedure");
  }

  @Test
  void aFolderNamedOtherwiseThanItsCodeStopsTheStart() throws IOException {
    Path folder = copy("PQ-CHECK");
    Files.move(folder, temp.resolve("PQ-OTHER"));

    assertRefused(temp.resolve("PQ-OTHER"), "procedure.xml", "must be its folder's name");
  }

  @Test
  void aChoiceWithoutOptionsStopsTheStart() throws IOException {
    Path folder = copy("SD-INFO");
    replace(
        folder.resolve("procedure.xml"),
        "<Question code=\"SD-ESTABLISHED\" answer=\"YES_NO\"/>",
        "<Question code=\"SD-ESTABLISHED\" answer=\"CHOICE\"/>");

    assertRefused(folder, "procedure.xml", "SD-ESTABLISHED: a CHOICE question lists at least two");
  }

  @Test
  void anAlertWithDeadlinesStopsTheStart() throws IOException {
    Path alert = copy("PQ-ALERT");
    replace(
        alert.resolve("procedure.xml"),
        "<Retention",
        "<Deadlines acceptanceDays=\"7\" replyDays=\"7\"/><Retention");

    assertRefused(alert, "procedure.xml", "an alert procedure has none");
  }

  @Test
  void dataDeletedBeforeItIsBlockedStopsTheStart() throws IOException {
    Path check = copy("PQ-CHECK");
    replace(check.resolve("procedure.xml"), "deleteAfterDays=\"1096\"", "deleteAfterDays=\"30\"");

    assertRefused(check, "procedure.xml", "cannot be deleted before it is blocked");
  }

  @Test
  void aMissingLanguageFileStopsTheStart() throws IOException {
    Path folder = copy("PQ-CHECK");
    Files.delete(folder.resolve("texts_ga.properties"));

    assertRefused(folder, "texts_ga.properties", "are missing");
  }

  @Test
  void aMissingOrEmptyTextOrAnUnknownKeyStopsTheStart() throws IOException {
    Path folder = copy("PQ-CHECK");
    Path texts = folder.resolve("texts_de.properties");
    List<String> lines = Files.readAllLines(texts, StandardCharsets.UTF_8);
    Files.write(
        texts,
        lines.stream()
            .filter(line -> !line.startsWith("question.PQ-REMARKS="))
            .map(
                line ->
                    line.startsWith("option.PQ-SANCTIONS.NONE=")
                        ? "option.PQ-SANCTIONS.NONE="
                        : line)
            .toList(),
        StandardCharsets.UTF_8);
    Files.writeString(
        texts,
        "question.PQ-REMARK=Tippfehler\n",
        StandardCharsets.UTF_8,
        java.nio.file.StandardOpenOption.APPEND);

    assertThatThrownBy(() -> ProcedureCatalogue.load(temp))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("texts_de.properties")
        .hasMessageContaining("no text for [option.PQ-SANCTIONS.NONE, question.PQ-REMARKS]")
        .hasMessageContaining("keys the procedure does not have: [question.PQ-REMARK]");
  }

  @Test
  void anEmptyOrMissingFolderStopsTheStart() {
    assertThatThrownBy(() -> ProcedureCatalogue.load(temp))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("holds no procedure");
    assertThatThrownBy(() -> ProcedureCatalogue.load(temp.resolve("nowhere")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("does not exist (hub.procedures-dir)");
  }

  private void assertRefused(Path folder, String file, String problem) {
    assertThatThrownBy(() -> ProcedureCatalogue.load(folder.getParent()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(folder.resolve(file).toString())
        .hasMessageContaining(problem);
  }

  private Path copy(String code) throws IOException {
    Path target = temp.resolve(code);
    Files.createDirectories(target);
    try (Stream<Path> files = Files.list(SHIPPED.resolve(code))) {
      for (Path file : files.toList()) {
        Files.copy(file, target.resolve(file.getFileName()));
      }
    }
    return target;
  }

  private static void replace(Path file, String from, String to) throws IOException {
    String content = Files.readString(file, StandardCharsets.UTF_8);
    assertThat(content).contains(from);
    Files.writeString(file, content.replace(from, to), StandardCharsets.UTF_8);
  }

  private static List<String> keys(String prefix, Enum<?>[] values) {
    return Arrays.stream(values).map(value -> prefix + value.name()).toList();
  }
}
