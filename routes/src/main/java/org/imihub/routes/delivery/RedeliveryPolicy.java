package org.imihub.routes.delivery;

/**
 * How many attempts the broker makes before a delivery goes to the dead-letter queue. The broker's
 * address settings are the one place this is declared; the application reads it from there, so that
 * it can tell a last failure (dead-lettered) from one that will be retried.
 */
public record RedeliveryPolicy(int maxAttempts) {}
