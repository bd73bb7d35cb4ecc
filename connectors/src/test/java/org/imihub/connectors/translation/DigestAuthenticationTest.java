package org.imihub.connectors.translation;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpHeaders;
import java.util.List;
import java.util.Map;
import org.imihub.connectors.translation.DigestAuthentication.Challenge;
import org.junit.jupiter.api.Test;

/** The Digest computation against the RFCs' own examples, and the parsing of challenges. */
class DigestAuthenticationTest {

  /** RFC 2617, section 3.5: MD5 with qop=auth. */
  @Test
  void rfc2617Example() {
    DigestAuthentication mufasa = new DigestAuthentication("Mufasa", "Circle Of Life");
    Challenge challenge =
        new Challenge(
            "testrealm@host.com",
            "dcd98b7102dd2f0e8b11d0f600bfb0c093",
            "5ccc069c403ebaf9f0171e9517f40e41",
            "MD5",
            true);

    assertThat(mufasa.response(challenge, "GET", "/dir/index.html", "00000001", "0a4f113b"))
        .isEqualTo("6629fae49393a05397450978507c4ef1");
  }

  /** RFC 7616, section 3.9.1: the same request with MD5 and with SHA-256. */
  @Test
  void rfc7616Example() {
    DigestAuthentication mufasa = new DigestAuthentication("Mufasa", "Circle of Life");
    String nonce = "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v";
    String opaque = "FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS";
    String cnonce = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";

    assertThat(
            mufasa.response(
                new Challenge("http-auth@example.org", nonce, opaque, "MD5", true),
                "GET",
                "/dir/index.html",
                "00000001",
                cnonce))
        .isEqualTo("8ca523f5e9506fed4657c9700eebdbec");
    assertThat(
            mufasa.response(
                new Challenge("http-auth@example.org", nonce, opaque, "SHA-256", true),
                "GET",
                "/dir/index.html",
                "00000001",
                cnonce))
        .isEqualTo("753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1");
  }

  /** The Digest challenge is found among others, with quoted commas and escapes in its values. */
  @Test
  void theDigestChallengeIsFoundAmongOthers() {
    HttpHeaders headers =
        headers(
            "Basic realm=\"eTranslation\"",
            "Digest realm=\"a \\\"quoted\\\" realm, with a comma\", qop=\"auth,auth-int\","
                + " nonce=\"abc\", opaque=\"xyz\", algorithm=MD5");

    Challenge challenge = DigestAuthentication.challengeIn(headers).orElseThrow();

    assertThat(challenge.realm()).isEqualTo("a \"quoted\" realm, with a comma");
    assertThat(challenge.nonce()).isEqualTo("abc");
    assertThat(challenge.opaque()).isEqualTo("xyz");
    assertThat(challenge.algorithm()).isEqualTo("MD5");
    assertThat(challenge.qopAuth()).isTrue();
  }

  /** Challenges this class cannot answer are not taken: the request then fails as a 401. */
  @Test
  void challengesItCannotAnswerAreLeft() {
    assertThat(
            DigestAuthentication.challengeIn(
                headers("Digest realm=\"r\", nonce=\"n\", algorithm=MD5-sess, qop=\"auth\"")))
        .isEmpty();
    assertThat(
            DigestAuthentication.challengeIn(
                headers("Digest realm=\"r\", nonce=\"n\", qop=\"auth-int\"")))
        .isEmpty();
    assertThat(DigestAuthentication.challengeIn(headers("Basic realm=\"r\""))).isEmpty();
  }

  /** Each use of a challenge counts up the nonce count and draws a new client nonce. */
  @Test
  void theNonceCountCountsUp() {
    DigestAuthentication digest = new DigestAuthentication("imi-hub", "secret");
    Challenge challenge = new Challenge("eTranslation", "n0", "o0", "MD5", true);
    URI uri = URI.create("https://example.org/etranslation/si-translate-api?x=1");

    Map<String, String> first =
        DigestAuthentication.parameters(digest.authorization(challenge, "POST", uri).substring(7));
    Map<String, String> second =
        DigestAuthentication.parameters(digest.authorization(challenge, "POST", uri).substring(7));

    assertThat(first)
        .containsEntry("username", "imi-hub")
        .containsEntry("uri", "/etranslation/si-translate-api?x=1")
        .containsEntry("qop", "auth")
        .containsEntry("nc", "00000001")
        .containsEntry("opaque", "o0");
    assertThat(second).containsEntry("nc", "00000002");
    assertThat(second.get("cnonce")).isNotEqualTo(first.get("cnonce"));
    assertThat(first.get("response"))
        .isEqualTo(
            digest.response(
                challenge,
                "POST",
                "/etranslation/si-translate-api?x=1",
                "00000001",
                first.get("cnonce")));
    assertThat(digest.lastChallenge()).isSameAs(challenge);
  }

  private static HttpHeaders headers(String... wwwAuthenticate) {
    return HttpHeaders.of(Map.of("WWW-Authenticate", List.of(wwwAuthenticate)), (a, b) -> true);
  }
}
