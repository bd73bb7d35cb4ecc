package org.imihub.connectors.translation;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * Everything under {@code hub.translation.*}: which machine-translation service the hub uses, if
 * any (see docs/machine-translation.md and config/application.yml).
 *
 * <p>Addresses are bound as plain strings and checked by the accessors the adapters are built from,
 * so that a missing or malformed one stops the start with the property's name rather than with a
 * conversion error. The checks run only for the engine that is chosen.
 *
 * @param timeout the limit for one HTTP call to the service (connecting, and waiting for its
 *     answer); eTranslation's translation itself comes later, within {@code etranslation.maxWait}
 */
@ConfigurationProperties("hub.translation")
public record TranslationProperties(
    @DefaultValue("NONE") Engine engine,
    @DefaultValue("5s") Duration timeout,
    @DefaultValue LibreTranslateSettings libretranslate,
    @DefaultValue ETranslationSettings etranslation) {

  /** The limit for one HTTP call; start-up fails, naming the property, unless it is positive. */
  public Duration checkedTimeout() {
    return positive("hub.translation.timeout", timeout);
  }

  public enum Engine {
    NONE,
    LIBRETRANSLATE,
    ETRANSLATION
  }

  /**
   * A self-hosted LibreTranslate server.
   *
   * @param url the server's base address; the hub POSTs to {@code {url}/translate}
   * @param apiKey sent only when set (a server started with {@code --api-keys})
   */
  public record LibreTranslateSettings(String url, String apiKey) {

    public URI baseUrl() {
      return httpUrl(
          "hub.translation.libretranslate.url",
          url,
          "libretranslate",
          "the http(s) address of the LibreTranslate server");
    }
  }

  /**
   * The European Commission's eTranslation service.
   *
   * @param url the address translation requests are POSTed to
   * @param application the application name eTranslation registered: the Digest user name and
   *     {@code callerInformation.application}
   * @param username the registered person's user name, {@code callerInformation.username}
   * @param password the application's password, for HTTP Digest authentication
   * @param callbackBaseUrl the hub's callback address as eTranslation sees it (a public address
   *     that reaches {@code callbackAddress:callbackPort}, usually through a reverse proxy)
   * @param callbackAddress where the callback server listens
   * @param callbackPort the callback server's port; 0 takes a free one
   * @param maxWait how long a translation may take before it counts as failed
   */
  public record ETranslationSettings(
      String url,
      String application,
      String username,
      String password,
      String callbackBaseUrl,
      @DefaultValue("0.0.0.0") String callbackAddress,
      @DefaultValue("8090") int callbackPort,
      @DefaultValue("10m") Duration maxWait) {

    public URI endpoint() {
      return httpUrl(
          "hub.translation.etranslation.url",
          url,
          "etranslation",
          "the http(s) address eTranslation takes requests at");
    }

    public URI callbackBase() {
      return httpUrl(
          "hub.translation.etranslation.callback-base-url",
          callbackBaseUrl,
          "etranslation",
          "the http(s) address at which eTranslation reaches the hub's callback server");
    }

    public String requiredApplication() {
      return required(
          "hub.translation.etranslation.application",
          application,
          "the application name eTranslation registered");
    }

    public String requiredUsername() {
      return required(
          "hub.translation.etranslation.username",
          username,
          "the user name eTranslation registered for the application");
    }

    /** The password, never shown in a failure: the exception names the property only. */
    public String requiredPassword() {
      if (password == null || password.isEmpty()) {
        throw new InvalidConfigurationPropertyValueException(
            "hub.translation.etranslation.password",
            null,
            "hub.translation.engine is etranslation, which needs the application's password");
      }
      return password;
    }

    public Duration checkedMaxWait() {
      return positive("hub.translation.etranslation.max-wait", maxWait);
    }

    public int checkedCallbackPort() {
      if (callbackPort < 0 || callbackPort > 65535) {
        throw new InvalidConfigurationPropertyValueException(
            "hub.translation.etranslation.callback-port",
            callbackPort,
            "a port is a number from 0 (any free port) to 65535");
      }
      return callbackPort;
    }
  }

  private static Duration positive(String property, Duration value) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw new InvalidConfigurationPropertyValueException(
          property, value, "it must be a positive duration, such as 5s or 10m");
    }
    return value;
  }

  private static String required(String property, String value, String needed) {
    if (value == null || value.isBlank()) {
      throw new InvalidConfigurationPropertyValueException(
          property, value, "hub.translation.engine is etranslation, which needs " + needed);
    }
    return value.strip();
  }

  private static URI httpUrl(String property, String value, String engine, String needed) {
    if (value == null || value.isBlank()) {
      throw new InvalidConfigurationPropertyValueException(
          property, value, "hub.translation.engine is " + engine + ", which needs " + needed);
    }
    URI url;
    try {
      url = new URI(value.strip());
    } catch (URISyntaxException malformed) {
      throw new InvalidConfigurationPropertyValueException(
          property, value, "it is not a URL (" + malformed.getReason() + ")");
    }
    boolean http =
        "http".equalsIgnoreCase(url.getScheme()) || "https".equalsIgnoreCase(url.getScheme());
    if (!http || url.getHost() == null) {
      throw new InvalidConfigurationPropertyValueException(
          property, value, "it must be an http:// or https:// address with a host");
    }
    if (url.getRawUserInfo() != null || url.getRawQuery() != null || url.getRawFragment() != null) {
      // The value is not repeated: a user part may hold a password.
      throw new InvalidConfigurationPropertyValueException(
          property,
          null,
          "it must be a plain address, without user, query or fragment (credentials have their own"
              + " properties)");
    }
    return url;
  }
}
