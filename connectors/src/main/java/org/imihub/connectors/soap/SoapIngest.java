package org.imihub.connectors.soap;

import java.security.cert.X509Certificate;
import org.imihub.connectors.channel.Callers;
import org.imihub.connectors.channel.Problems;
import org.imihub.connectors.channel.Submissions;
import org.imihub.contract.ErrorCode;
import org.imihub.contract.HubException;
import org.imihub.routes.directory.Directory;
import org.springframework.stereotype.Component;

/**
 * The SOAP channel's way into the hub: the connection's certificate names the caller, the
 * WS-Security signer must be that same authority, and then the envelope goes through exactly the
 * checks a REST submission does.
 */
@Component
public class SoapIngest implements SoapSubmissionHandler {
  private final Callers callers;
  private final Directory directory;
  private final Submissions submissions;
  private final Problems problems;

  public SoapIngest(
      Callers callers, Directory directory, Submissions submissions, Problems problems) {
    this.callers = callers;
    this.directory = directory;
    this.submissions = submissions;
    this.problems = problems;
  }

  @Override
  public byte[] submit(
      X509Certificate tlsClient, X509Certificate wsSecuritySigner, byte[] envelopeBytes) {
    String caller = null;
    try {
      caller = callers.authorityId(tlsClient);
      String signer =
          directory
              .authorityIdOf(wsSecuritySigner)
              .orElseThrow(
                  () ->
                      new HubException(
                          ErrorCode.SIGNER_UNKNOWN,
                          "The certificate that signed the SOAP message is not registered for any authority."));
      if (!signer.equals(caller)) {
        throw new HubException(
            ErrorCode.WS_SECURITY_FAILED,
            "The SOAP message is signed by " + signer + " but the connection is " + caller + "'s.");
      }
    } catch (RuntimeException refused) {
      throw problems.record(refused, caller, "SUBMIT", null);
    }
    return submissions.submit(caller, envelopeBytes);
  }
}
