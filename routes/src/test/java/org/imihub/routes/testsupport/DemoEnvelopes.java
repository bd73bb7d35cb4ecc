package org.imihub.routes.testsupport;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.imihub.contract.signature.SigningIdentity;
import org.imihub.contract.signature.XmlSigner;
import org.imihub.contract.xml.SecureXml;

/** Signed envelopes from demo authorities, for the routes' own tests. */
public final class DemoEnvelopes {
  public static final Path PKI = Path.of("../config/demo-pki");

  private DemoEnvelopes() {}

  public static SigningIdentity identity(String name) {
    return SigningIdentity.fromPem(PKI.resolve(name + ".key"), PKI.resolve(name + ".crt"));
  }

  /** A request from {@code sender} to {@code recipient}, signed with the sender's demo key. */
  public static byte[] request(String messageId, String sender, String recipient, String text) {
    String xml =
        "<Envelope xmlns=\"urn:imi-hub:envelope:v1\"><Header>"
            + "<MessageId>"
            + messageId
            + "</MessageId><ExchangeId>exchange-"
            + messageId
            + "</ExchangeId>"
            + "<ProcedureCode>PQ-CHECK</ProcedureCode><MessageType>REQUEST</MessageType>"
            + "<Sender>"
            + sender
            + "</Sender><Recipient>"
            + recipient
            + "</Recipient>"
            + "<CreatedAt>2026-11-22T10:00:00Z</CreatedAt><Language>en</Language></Header>"
            + "<Body><FreeText lang=\"en\">"
            + text
            + "</FreeText></Body></Envelope>";
    return SecureXml.toBytes(
        new XmlSigner(identity(sender))
            .sign(SecureXml.parse(xml.getBytes(StandardCharsets.UTF_8))));
  }
}
