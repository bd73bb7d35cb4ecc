package org.imihub.routes.delivery;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Date;
import org.imihub.contract.ErrorCode;
import org.imihub.contract.HubException;
import org.imihub.contract.hub.v1.DeliveryAcknowledgement;
import org.imihub.contract.signature.XmlSignatureVerifier;
import org.imihub.contract.xml.ContractJaxb;
import org.imihub.contract.xml.ContractSchemas;
import org.imihub.contract.xml.SecureXml;
import org.imihub.routes.directory.Directory;
import org.springframework.stereotype.Component;
import org.w3c.dom.Document;

/**
 * Checks a back office's signed acknowledgement of a delivery, however it arrives (in a webhook's
 * answer or posted to the mailbox): valid document, valid signature by a current certificate of the
 * recipient, and about this very delivery.
 */
@Component
public class AcknowledgementCheck {
  private final Directory directory;
  private final Clock clock;

  public AcknowledgementCheck(Directory directory, Clock clock) {
    this.directory = directory;
    this.clock = clock;
  }

  public void check(byte[] acknowledgement, String deliveryId, String messageId, String recipient) {
    requireAbout(verified(acknowledgement, recipient), deliveryId, messageId);
  }

  /** Refuses a verified acknowledgement that is not about this delivery of this message. */
  public void requireAbout(DeliveryAcknowledgement ack, String deliveryId, String messageId) {
    if (!deliveryId.equals(ack.getDeliveryId()) || !messageId.equals(ack.getMessageId())) {
      throw invalid(
          "The acknowledgement is for delivery "
              + ack.getDeliveryId()
              + " of message "
              + ack.getMessageId()
              + ", not "
              + deliveryId
              + " of message "
              + messageId
              + ".");
    }
  }

  /**
   * An acknowledgement signed by a current certificate of {@code recipient} and naming it,
   * whichever delivery it is about: the caller checks that next.
   */
  public DeliveryAcknowledgement verified(byte[] acknowledgement, String recipient) {
    Document document = SecureXml.parse(acknowledgement);
    if (!"DeliveryAcknowledgement".equals(document.getDocumentElement().getLocalName())) {
      throw invalid("The document is not a DeliveryAcknowledgement.");
    }
    ContractSchemas.validate(document);
    X509Certificate signer = XmlSignatureVerifier.verify(document).signer();
    String signerId = directory.authorityIdOf(signer).orElse(null);
    if (!recipient.equals(signerId)) {
      throw invalid("The acknowledgement is not signed by " + recipient + ".");
    }
    if (signer.getNotAfter().before(Date.from(clock.instant()))) {
      throw invalid("The acknowledgement is signed with an expired certificate.");
    }
    DeliveryAcknowledgement ack =
        ContractJaxb.read(document.getDocumentElement(), DeliveryAcknowledgement.class);
    if (!recipient.equals(ack.getRecipient())) {
      throw invalid("The acknowledgement names " + ack.getRecipient() + " as its recipient.");
    }
    return ack;
  }

  private static HubException invalid(String detail) {
    return new HubException(ErrorCode.ACKNOWLEDGEMENT_INVALID, detail);
  }
}
