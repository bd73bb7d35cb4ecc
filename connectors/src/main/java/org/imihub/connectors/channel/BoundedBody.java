package org.imihub.connectors.channel;

import java.io.IOException;
import java.io.InputStream;
import org.imihub.contract.ErrorCode;
import org.imihub.contract.HubException;

/** Reads a request body, refusing it as soon as it passes the limit instead of buffering it all. */
public final class BoundedBody {
  private BoundedBody() {}

  public static byte[] read(InputStream in, long maxBytes) {
    try {
      byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
      if (bytes.length > maxBytes) {
        throw new HubException(
            ErrorCode.MESSAGE_TOO_LARGE, "Messages may be at most " + maxBytes + " bytes.");
      }
      return bytes;
    } catch (IOException e) {
      throw new HubException(
          ErrorCode.MALFORMED_XML, "The request body could not be read completely.", e);
    }
  }
}
