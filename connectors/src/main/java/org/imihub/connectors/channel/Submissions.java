package org.imihub.connectors.channel;

import org.apache.camel.ProducerTemplate;
import org.imihub.contract.HubException;
import org.imihub.routes.ingest.Inbound;
import org.imihub.routes.ingest.IngestRoute;
import org.springframework.stereotype.Component;

/**
 * The one way both channels hand an envelope to the ingest route once they know who is calling: the
 * answer is the signed receipt, a refusal comes back recorded (audited, logged).
 */
@Component
public class Submissions {
  private final ProducerTemplate ingest;
  private final Problems problems;

  public Submissions(ProducerTemplate producerTemplate, Problems problems) {
    this.ingest = producerTemplate;
    this.problems = problems;
  }

  /**
   * @param caller the authority the channel authenticated
   * @param envelope the envelope's bytes as received
   * @return the hub-signed receipt
   * @throws HubException the refusal, already audited and logged
   */
  public byte[] submit(String caller, byte[] envelope) {
    return submit(new Inbound(envelope, caller));
  }

  /**
   * An envelope the hub made from the caller's message in its dialect (dialect/DialectMessages).
   */
  public byte[] submitMappedFromDialect(String caller, byte[] hubSignedEnvelope) {
    return submit(Inbound.mappedFromDialect(hubSignedEnvelope, caller));
  }

  private byte[] submit(Inbound inbound) {
    String caller = inbound.caller();
    try {
      return ingest.requestBody(IngestRoute.ENDPOINT, inbound, byte[].class);
    } catch (RuntimeException refused) {
      throw problems.record(refused, caller, "SUBMIT", inbound.messageId());
    }
  }
}
