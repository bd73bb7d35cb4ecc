package org.imihub.routes.directory;

/** How a back office takes its deliveries. */
public enum ConnectorType {
  /** The hub pushes each delivery over HTTPS and takes a signed acknowledgement in the answer. */
  WEBHOOK,
  /** The back office pulls: lists its mailbox, fetches, and acknowledges with a signed document. */
  MAILBOX
}
