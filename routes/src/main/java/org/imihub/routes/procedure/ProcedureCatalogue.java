package org.imihub.routes.procedure;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.imihub.contract.HubException;
import org.imihub.contract.HubTexts;
import org.imihub.contract.Languages;
import org.imihub.contract.procedure.v1.ProcedureType;
import org.imihub.contract.procedure.v1.QuestionType;
import org.imihub.contract.xml.ContractJaxb;
import org.imihub.contract.xml.ContractSchemas;
import org.imihub.contract.xml.SecureXml;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Document;

/**
 * The procedures the hub knows, read from a folder at start-up: one sub-folder per procedure, named
 * by its code, holding {@code procedure.xml} (procedure-v1.xsd) and {@code
 * texts_<language>.properties} for each of {@link Languages#ALL}. Adding a procedure is adding a
 * folder; no code changes.
 *
 * <p>Every file is checked before the hub starts: schema, the rules the schema cannot say (a
 * request has deadlines, an alert has none, a choice has options and nothing else does, data is
 * blocked before it is deleted), and texts complete in every language with no key left over. The
 * first problem stops the start with a sentence that names the file.
 */
public final class ProcedureCatalogue {
  private static final Logger log = LoggerFactory.getLogger(ProcedureCatalogue.class);

  private final Map<String, Procedure> procedures;

  public ProcedureCatalogue(Collection<Procedure> procedures) {
    Map<String, Procedure> byCode = new TreeMap<>();
    procedures.forEach(procedure -> byCode.put(procedure.code(), procedure));
    this.procedures = java.util.Collections.unmodifiableMap(byCode);
  }

  public Optional<Procedure> find(String code) {
    return Optional.ofNullable(procedures.get(code));
  }

  /** Every procedure, by code. */
  public Collection<Procedure> all() {
    return procedures.values();
  }

  public static ProcedureCatalogue load(Path folder) {
    if (!Files.isDirectory(folder)) {
      throw new IllegalStateException(
          "Procedures folder " + folder + " does not exist (hub.procedures-dir).");
    }
    List<Procedure> procedures = new ArrayList<>();
    try (Stream<Path> entries = Files.list(folder)) {
      for (Path entry : entries.sorted().toList()) {
        if (Files.isDirectory(entry)) {
          procedures.add(read(entry));
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("Procedures folder " + folder + " cannot be read.", e);
    }
    if (procedures.isEmpty()) {
      throw new IllegalStateException(
          "Procedures folder " + folder + " holds no procedure: the hub would refuse everything.");
    }
    log.info(
        "Procedures loaded from {}: {}", folder, procedures.stream().map(Procedure::code).toList());
    return new ProcedureCatalogue(procedures);
  }

  /** Reads and checks one procedure's folder. */
  static Procedure read(Path folder) {
    Path file = folder.resolve("procedure.xml");
    ProcedureType type = parse(file);
    String where = "Procedure file " + file + ": ";
    if (!type.getCode().equals(folder.getFileName().toString())) {
      throw new IllegalStateException(
          where + "the procedure's code " + type.getCode() + " must be its folder's name.");
    }
    Procedure.Kind kind = Procedure.Kind.valueOf(type.getKind().value());
    if ((kind == Procedure.Kind.REQUEST) != (type.getDeadlines() != null)) {
      throw new IllegalStateException(
          where + "a request procedure has Deadlines and an alert procedure has none.");
    }
    if (type.getRetention().getDeleteAfterDays() < type.getRetention().getBlockAfterDays()) {
      throw new IllegalStateException(
          where + "personal data cannot be deleted before it is blocked (Retention).");
    }
    Map<String, Procedure.Question> questions = new LinkedHashMap<>();
    for (QuestionType question : type.getQuestion()) {
      questions.put(question.getCode(), question(where, question));
    }
    return new Procedure(
        type.getCode(),
        kind,
        type.getPolicyArea(),
        type.getLegalBasis().stream()
            .map(basis -> new Procedure.LegalBasis(basis.getCelex(), basis.getArticles()))
            .toList(),
        type.getDeadlines() == null
            ? null
            : new Procedure.Deadlines(
                type.getDeadlines().getAcceptanceDays(), type.getDeadlines().getReplyDays()),
        new Procedure.Retention(
            type.getRetention().getBlockAfterDays(), type.getRetention().getDeleteAfterDays()),
        questions,
        texts(folder, Procedure.textKeys(questions.values())));
  }

  private static ProcedureType parse(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      Document document = SecureXml.parse(in.readAllBytes());
      ContractSchemas.validate(document);
      if (!"Procedure".equals(document.getDocumentElement().getLocalName())) {
        throw new IllegalStateException(
            "Procedure file " + file + ": the document element must be Procedure.");
      }
      return ContractJaxb.read(document.getDocumentElement(), ProcedureType.class);
    } catch (IOException e) {
      throw new IllegalStateException("Procedure file " + file + " cannot be read.", e);
    } catch (HubException invalid) {
      throw new IllegalStateException(
          "Procedure file " + file + " is not a valid procedure: " + invalid.detail(), invalid);
    }
  }

  private static Procedure.Question question(String where, QuestionType question) {
    Procedure.AnswerKind answer = Procedure.AnswerKind.valueOf(question.getAnswer().value());
    List<String> options = question.getOption().stream().map(QuestionType.Option::getCode).toList();
    if ((answer == Procedure.AnswerKind.CHOICE) != !options.isEmpty()
        || (answer == Procedure.AnswerKind.CHOICE && options.size() < 2)) {
      throw new IllegalStateException(
          where
              + "question "
              + question.getCode()
              + ": a CHOICE question lists at least two options and no other question lists any.");
    }
    if (new HashSet<>(options).size() != options.size()) {
      throw new IllegalStateException(
          where + "question " + question.getCode() + " lists an option twice.");
    }
    return new Procedure.Question(question.getCode(), answer, options);
  }

  /** The texts in every language: each file holds exactly the keys the procedure needs. */
  private static Map<String, Map<String, String>> texts(Path folder, List<String> keys) {
    Map<String, Map<String, String>> texts = new LinkedHashMap<>();
    for (String language : Languages.ALL) {
      Path file = folder.resolve("texts_" + language + ".properties");
      Map<String, String> read;
      try (InputStream in = Files.newInputStream(file)) {
        read = HubTexts.read(in);
      } catch (java.nio.file.NoSuchFileException missing) {
        throw new IllegalStateException(
            "Procedure texts "
                + file
                + " are missing: every procedure has its texts in "
                + String.join(", ", Languages.ALL)
                + ".");
      } catch (IOException e) {
        throw new IllegalStateException("Procedure texts " + file + " cannot be read.", e);
      }
      List<String> missing =
          keys.stream().filter(key -> read.getOrDefault(key, "").isBlank()).toList();
      Set<String> extra = new java.util.TreeSet<>(read.keySet());
      keys.forEach(extra::remove);
      if (!missing.isEmpty() || !extra.isEmpty()) {
        throw new IllegalStateException(
            "Procedure texts "
                + file
                + ": "
                + (missing.isEmpty() ? "" : "no text for " + missing)
                + (!missing.isEmpty() && !extra.isEmpty() ? "; " : "")
                + (extra.isEmpty() ? "" : "keys the procedure does not have: " + extra)
                + ".");
      }
      texts.put(language, Map.copyOf(read));
    }
    return texts;
  }
}
