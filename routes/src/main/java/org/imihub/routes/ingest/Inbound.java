package org.imihub.routes.ingest;

import java.util.List;
import org.imihub.contract.envelope.v1.EnvelopeType;
import org.imihub.contract.envelope.v1.HeaderType;
import org.imihub.contract.signature.VerifiedSignature;
import org.imihub.routes.exchange.ExchangeRecord;
import org.w3c.dom.Document;

/**
 * A message on its way through the ingest route: the bytes received and the caller they came from,
 * then what each check learns about them.
 */
public final class Inbound {
  private final byte[] bytes;
  private final String caller;
  private final boolean mappedFromDialect;
  Document document;
  EnvelopeType envelope;
  VerifiedSignature signature;

  /** A resend of a message the hub already recorded (same id, same signed content). */
  boolean duplicate;

  /** The exchange before this message (null if it opens one), and what the message makes of it. */
  ExchangeRecord exchangeBefore;

  ExchangeRecord exchangeAfter;

  /** Who gets the message: the named recipient, or those the hub resolves for an alert's steps. */
  List<String> addressees;

  /** Who joins an alert with this message: its audience, or those it is disseminated to. */
  List<String> newMembers = List.of();

  byte[] receipt;
  boolean handOffNeeded;

  /**
   * @param bytes the envelope as the channel received it (over SOAP: the Envelope element as the
   *     hub serialised it); kept as the proof of what arrived
   * @param caller the authority the channel authenticated (TLS client certificate)
   */
  public Inbound(byte[] bytes, String caller) {
    this(bytes, caller, false);
  }

  private Inbound(byte[] bytes, String caller, boolean mappedFromDialect) {
    this.bytes = bytes;
    this.caller = caller;
    this.mappedFromDialect = mappedFromDialect;
  }

  /**
   * An envelope the hub made from the caller's message in its back office's dialect
   * (docs/dialects.md), after checking the caller's signature on that message: signed by the hub,
   * the signed original inside its Extensions. Only the dialect channel makes one.
   */
  public static Inbound mappedFromDialect(byte[] hubSignedEnvelope, String caller) {
    return new Inbound(hubSignedEnvelope, caller, true);
  }

  public boolean isMappedFromDialect() {
    return mappedFromDialect;
  }

  public byte[] bytes() {
    return bytes;
  }

  public String caller() {
    return caller;
  }

  public HeaderType header() {
    return envelope.getHeader();
  }

  public String messageId() {
    return envelope == null ? null : header().getMessageId();
  }

  /** Who gets the message, once the lifecycle check has worked it out. */
  public List<String> recipients() {
    return addressees;
  }

  /** The signed receipt, once the message is durable (or was already). */
  public byte[] receipt() {
    return receipt;
  }

  public boolean duplicate() {
    return duplicate;
  }
}
