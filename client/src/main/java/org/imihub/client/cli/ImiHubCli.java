package org.imihub.client.cli;

import java.net.URI;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.imihub.client.Envelopes;
import org.imihub.client.HubClient;
import org.imihub.client.HubProblemException;
import org.imihub.client.SoapHubClient;
import org.imihub.client.VerifiedDelivery;
import org.imihub.contract.HubException;
import org.imihub.contract.envelope.v1.EnvelopeType;
import org.imihub.contract.hub.v1.AcknowledgementOutcomes;
import org.imihub.contract.hub.v1.Exchange;
import org.imihub.contract.hub.v1.Mailbox;
import org.imihub.contract.hub.v1.Notice;
import org.imihub.contract.hub.v1.Receipt;
import org.imihub.contract.signature.NativeCrypto;
import org.imihub.contract.signature.SigningIdentity;

/**
 * A back office on the command line: send a signed request as an authority (REST or SOAP), read the
 * mailbox, fetch a delivery with both signatures checked, acknowledge it, track an exchange. Run
 * {@code bin/imi-client help}.
 */
public final class ImiHubCli {
  private static final String USAGE =
      """
      usage: imi-client --as AUTHORITY [options] COMMAND [arguments]

      commands:
        send --to AUTHORITY [--procedure CODE] [--question CODE ...] [--text TEXT] [--reply-by DATE]
             [--lang xx] [--exchange ID] [--soap]      sign and send a request; prints the receipt
        act ACTION --to AUTHORITY --exchange ID [--text TEXT] [--reply-by YYYY-MM-DD] [--soap]
            [--answer CODE=TYPE:VALUE ...]             a step in an exchange: ACCEPT, DECLINE, ANSWER,
                                                       PROPOSE_REPLY_BY, ACCEPT_REPLY_BY, REQUEST_MORE_INFO,
                                                       ACCEPT_ANSWER, WITHDRAW, FORWARD (docs/lifecycle.md)
        alert --area POLICY_AREA [--country XX ...] [--all-eea] [--commission] [--text TEXT]
            [--answer CODE=TYPE:VALUE ...]             an alert to the authorities handling the area there
        --answer gives a standard question's answer: TYPE is YesNo, Choice, Date, Number, Text or
        AttachmentRef, e.g. --answer PQ-DIPLOMA-GENUINE=YesNo:true (docs/procedures.md)
        mailbox [--wait SECONDS]                       list the deliveries waiting for AUTHORITY; with
                                                       --wait, an empty mailbox waits for the first (0-60)
        take [--wait SECONDS]                          list the deliveries with their documents, check and print
                                                       each, and acknowledge them all in one call
        fetch DELIVERY_ID                              fetch, check the hub's and the sender's signatures, print
        ack DELIVERY_ID                                fetch, check, and acknowledge with a signed acknowledgement
        exchange EXCHANGE_ID                           the exchange's state and each recipient's delivery

      options:
        --as AUTHORITY     the authority to act as (its key and certificate: PKI/AUTHORITY.key, .crt)
        --hub URL          the hub (default https://localhost:8443)
        --pki FOLDER       keys and certificates (default config/demo-pki: DEMO keys only)
      """;

  private ImiHubCli() {}

  public static void main(String[] args) {
    NativeCrypto.install();
    try {
      System.exit(run(args));
    } catch (HubProblemException problem) {
      System.err.println(
          "refused: " + problem.code() + " (" + problem.status() + "): " + problem.detail());
      System.exit(2);
    } catch (HubException check) {
      System.err.println("check failed: " + check.code() + ": " + check.detail());
      System.exit(3);
    } catch (IllegalArgumentException | IllegalStateException usage) {
      System.err.println(usage.getMessage());
      System.exit(1);
    }
  }

  public static int run(String[] args) {
    Map<String, List<String>> options = new LinkedHashMap<>();
    List<String> positional = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      if (args[i].startsWith("--")) {
        boolean flag = List.of("--soap", "--all-eea", "--commission").contains(args[i]);
        options
            .computeIfAbsent(args[i].substring(2), k -> new ArrayList<>())
            .add(flag ? "true" : value(args, ++i));
      } else {
        positional.add(args[i]);
      }
    }
    if (positional.isEmpty() || positional.get(0).equals("help") || !options.containsKey("as")) {
      System.out.print(USAGE);
      return positional.isEmpty() || positional.get(0).equals("help") ? 0 : 1;
    }
    String authority = one(options, "as", null);
    Path pki =
        Path.of(
            one(
                options,
                "pki",
                Path.of(System.getProperty("imihub.home", "."), "config", "demo-pki").toString()));
    URI hub = URI.create(one(options, "hub", "https://localhost:8443"));
    SigningIdentity identity =
        SigningIdentity.fromPem(pki.resolve(authority + ".key"), pki.resolve(authority + ".crt"));
    List<X509Certificate> cas = SigningIdentity.readCertificates(pki.resolve("ca.crt"));
    X509Certificate hubCertificate =
        SigningIdentity.readCertificates(pki.resolve("hub-documents.crt")).get(0);
    HubClient client = new HubClient(hub, authority, identity, cas, hubCertificate);

    switch (positional.get(0)) {
      case "send" -> send(client, options, hub, identity, cas, hubCertificate, "REQUEST");
      case "act" -> send(client, options, hub, identity, cas, hubCertificate, argument(positional));
      case "alert" -> alert(client, options);
      case "mailbox" -> {
        List<Mailbox.Entry> entries =
            options.containsKey("wait")
                ? client.mailbox(Duration.ofSeconds(Long.parseLong(one(options, "wait", "0"))))
                : client.mailbox();
        System.out.println(entries.size() + " waiting for " + authority);
        for (Mailbox.Entry entry : entries) {
          System.out.println(
              entry.getDeliveryId()
                  + "  from "
                  + entry.getSender()
                  + "  "
                  + entry.getMessageType()
                  + "  exchange "
                  + entry.getExchangeId()
                  + "  since "
                  + entry.getAvailableSince());
        }
      }
      case "take" -> {
        List<VerifiedDelivery> taken =
            client
                .mailboxWithDocuments(Duration.ofSeconds(Long.parseLong(one(options, "wait", "0"))))
                .stream()
                .map(client::verify)
                .toList();
        taken.forEach(ImiHubCli::print);
        boolean allAcknowledged = true;
        for (AcknowledgementOutcomes.Outcome outcome : client.acknowledge(taken)) {
          allAcknowledged &= outcome.getCode().equals("ACKNOWLEDGED");
          System.out.println(
              outcome.getCode().equals("ACKNOWLEDGED")
                  ? "acknowledged " + outcome.getDeliveryId()
                  : "not acknowledged "
                      + outcome.getDeliveryId()
                      + ": "
                      + outcome.getCode()
                      + " "
                      + outcome.getDetail());
        }
        System.out.println(taken.size() + " taken by " + authority);
        if (!allAcknowledged) {
          return 2; // as for a refusal
        }
      }
      case "fetch", "ack" -> {
        VerifiedDelivery delivery = client.fetch(argument(positional));
        print(delivery);
        if (positional.get(0).equals("ack")) {
          client.acknowledge(delivery);
          System.out.println("acknowledged " + delivery.deliveryId());
        }
      }
      case "exchange" -> {
        Exchange exchange = client.exchange(argument(positional));
        System.out.println(
            "exchange "
                + exchange.getExchangeId()
                + " ("
                + exchange.getProcedureCode()
                + "), "
                + ("ALERT".equals(exchange.getKind())
                    ? exchange.getRequester()
                        + " alerts "
                        + exchange.getMember().size()
                        + " authorities"
                    : exchange.getRequester() + " asks " + exchange.getResponder())
                + ": "
                + exchange.getState()
                + (exchange.getReplyBy() == null ? "" : ", reply by " + exchange.getReplyBy())
                + (exchange.getProposedReplyBy() == null
                    ? ""
                    : ", "
                        + exchange.getProposedBy()
                        + " proposes "
                        + exchange.getProposedReplyBy()));
        for (Exchange.Event event : exchange.getEvent()) {
          System.out.println(
              "  "
                  + event.getAt()
                  + "  "
                  + event.getActor()
                  + " "
                  + event.getAction()
                  + " ("
                  + (event.getFrom() == null ? "" : event.getFrom() + " -> ")
                  + event.getTo()
                  + ")");
        }
        for (Exchange.Message message : exchange.getMessage()) {
          for (Exchange.Message.Delivery delivery : message.getDelivery()) {
            System.out.println(
                "  "
                    + message.getMessageId()
                    + " "
                    + message.getMessageType()
                    + " → "
                    + delivery.getRecipient()
                    + ": "
                    + delivery.getStatus()
                    + " after "
                    + delivery.getAttempts()
                    + " attempt(s)"
                    + (delivery.getLastError() == null
                        ? ""
                        : ", last error: " + delivery.getLastError()));
          }
        }
      }
      default ->
          throw new IllegalArgumentException("unknown command " + positional.get(0) + "\n" + USAGE);
    }
    return 0;
  }

  private static void send(
      HubClient client,
      Map<String, List<String>> options,
      URI hub,
      SigningIdentity identity,
      List<X509Certificate> cas,
      X509Certificate hubCertificate,
      String messageType) {
    String recipient = one(options, "to", null);
    if (recipient == null) {
      throw new IllegalArgumentException(messageType + " needs --to AUTHORITY");
    }
    if (!messageType.equals("REQUEST") && !options.containsKey("exchange")) {
      throw new IllegalArgumentException(messageType + " needs --exchange EXCHANGE_ID");
    }
    Envelopes request =
        Envelopes.request(client.authorityId(), recipient)
            .messageType(messageType)
            .procedure(one(options, "procedure", "PQ-CHECK"))
            .language(one(options, "lang", "en"))
            .questions(options.getOrDefault("question", List.of()).toArray(String[]::new));
    if (options.containsKey("exchange")) {
      request.exchangeId(one(options, "exchange", null));
    }
    request.answers(answers(options));
    if (options.containsKey("text")) {
      request.freeText(one(options, "lang", "en"), one(options, "text", null));
    }
    if (options.containsKey("reply-by")) {
      request.replyBy(java.time.LocalDate.parse(one(options, "reply-by", null)));
    }
    byte[] signed = request.signedBy(client.signer());
    Receipt receipt;
    if (options.containsKey("soap")) {
      try (SoapHubClient soap =
          new SoapHubClient(hub.resolve("/soap/v1"), identity, cas, hubCertificate)) {
        receipt = soap.submit(signed);
      }
    } else {
      receipt = client.submit(signed);
    }
    System.out.println(
        "receipt (hub signature and digest checked): message "
            + receipt.getMessageId()
            + ", exchange "
            + receipt.getExchangeId()
            + ", received "
            + receipt.getReceivedAt()
            + (options.containsKey("soap") ? " (SOAP)" : " (REST)"));
  }

  /** Each {@code --answer CODE=TYPE:VALUE}. */
  private static Envelopes.Answer[] answers(Map<String, List<String>> options) {
    return options.getOrDefault("answer", List.of()).stream()
        .map(
            answer -> {
              int equals = answer.indexOf('=');
              int colon = answer.indexOf(':', equals + 1);
              if (equals < 1 || colon < equals + 2) {
                throw new IllegalArgumentException(
                    "--answer "
                        + answer
                        + " is not CODE=TYPE:VALUE, e.g. PQ-DIPLOMA-GENUINE=YesNo:true");
              }
              return new Envelopes.Answer(
                  answer.substring(0, equals),
                  answer.substring(equals + 1, colon),
                  answer.substring(colon + 1));
            })
        .toArray(Envelopes.Answer[]::new);
  }

  private static void alert(HubClient client, Map<String, List<String>> options) {
    String area = one(options, "area", null);
    if (area == null) {
      throw new IllegalArgumentException("alert needs --area POLICY_AREA");
    }
    Envelopes alert =
        Envelopes.alert(
                client.authorityId(),
                new Envelopes.Audience(
                    area,
                    options.getOrDefault("country", List.of()),
                    options.containsKey("all-eea"),
                    options.containsKey("commission")))
            .procedure(one(options, "procedure", "PQ-ALERT"))
            .language(one(options, "lang", "en"))
            .answers(answers(options));
    if (options.containsKey("text")) {
      alert.freeText(one(options, "lang", "en"), one(options, "text", null));
    }
    Receipt receipt = client.submit(alert.signedBy(client.signer()));
    System.out.println(
        "receipt (hub signature and digest checked): alert "
            + receipt.getMessageId()
            + ", exchange "
            + receipt.getExchangeId()
            + ", received "
            + receipt.getReceivedAt());
  }

  /** The hub's reading in this authority's language, as a person reads the delivery. */
  private static void printReading(org.imihub.contract.hub.v1.Reading reading) {
    if (reading == null) {
      return;
    }
    System.out.println(
        "  reading [" + reading.getLang() + "]: " + reading.getProcedure().getValue());
    if (reading.getMessageType() != null) {
      System.out.println("    " + reading.getMessageType().getValue());
    }
    if (reading.getNoticeReason() != null) {
      System.out.println(
          "    "
              + reading.getNoticeKind().getValue()
              + ": "
              + reading.getNoticeReason().getValue());
    }
    reading.getQuestion().forEach(q -> System.out.println("    ? " + q.getValue()));
    reading
        .getAnswer()
        .forEach(a -> System.out.println("    " + a.getQuestion() + " " + a.getValue()));
    reading
        .getFreeText()
        .forEach(
            t ->
                System.out.println(
                    "    text "
                        + t.getIndex()
                        + " ["
                        + t.getSourceLang()
                        + " > "
                        + t.getTargetLang()
                        + ", "
                        + t.getTranslation()
                        + (t.getEngine() == null ? "" : ", " + t.getEngine())
                        + "] "
                        + t.getNote()
                        + (t.getValue() == null || t.getValue().isEmpty()
                            ? ""
                            : " " + t.getValue())));
  }

  private static void printEnvelope(EnvelopeType envelope) {
    var header = envelope.getHeader();
    System.out.println(
        "  message "
            + header.getMessageId()
            + " ("
            + header.getMessageType()
            + ", "
            + header.getProcedureCode()
            + ") from "
            + header.getSender()
            + ", exchange "
            + header.getExchangeId()
            + ", written in "
            + header.getLanguage());
    envelope.getBody().getQuestion().forEach(q -> System.out.println("  question " + q.getCode()));
    envelope
        .getBody()
        .getFreeText()
        .forEach(t -> System.out.println("  text [" + t.getLang() + "] " + t.getValue()));
    if (envelope.getAttachments() != null) {
      envelope
          .getAttachments()
          .getAttachment()
          .forEach(
              a ->
                  System.out.println(
                      "  attachment "
                          + a.getId()
                          + " "
                          + a.getFileName()
                          + " ("
                          + a.getMediaType()
                          + ", "
                          + a.getContent().length
                          + " bytes)"));
    }
  }

  private static void printNotice(Notice notice) {
    System.out.println(
        "  notice "
            + notice.getNoticeId()
            + ": "
            + notice.getKind()
            + " "
            + notice.getReason()
            + " for exchange "
            + notice.getExchangeId()
            + " ("
            + notice.getRequester()
            + " asks "
            + notice.getResponder()
            + ", "
            + notice.getState()
            + (notice.getDue() == null ? "" : ", due " + notice.getDue())
            + ")");
  }

  /** A delivery whose signatures were checked: what it is, and the hub's reading of it. */
  private static void print(VerifiedDelivery delivery) {
    System.out.println(
        "delivery "
            + delivery.deliveryId()
            + ": hub signature OK, content signature OK ("
            + delivery.signerCertificate().getSubjectX500Principal().getName()
            + ")");
    if (delivery.notice() != null) {
      printNotice(delivery.notice());
    } else if (delivery.envelope() != null) {
      printEnvelope(delivery.envelope());
    } else {
      System.out.println(
          "  translation of message "
              + delivery.translation().getMessageId()
              + ", free text "
              + delivery.translation().getIndex()
              + ", follows");
    }
    printReading(delivery.reading());
  }

  private static String one(Map<String, List<String>> options, String name, String fallback) {
    List<String> values = options.get(name);
    return values == null || values.isEmpty() ? fallback : values.get(values.size() - 1);
  }

  private static String value(String[] args, int i) {
    if (i >= args.length) {
      throw new IllegalArgumentException("option " + args[i - 1] + " needs a value");
    }
    return args[i];
  }

  private static String argument(List<String> positional) {
    if (positional.size() < 2) {
      throw new IllegalArgumentException(positional.get(0) + " needs an id");
    }
    return positional.get(1);
  }
}
