package org.imihub.routes.translation;

/**
 * Who a delivery is rendered for: the recipient, the language it reads (from the directory), and
 * whether its connector takes a translation that follows its message as a delivery of its own.
 */
public record Reader(String id, String language, boolean takesFollowUps) {}
