package org.imihub.app.golden;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import org.apache.xml.security.signature.XMLSignature;
import org.apache.xml.security.transforms.Transforms;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.imihub.app.support.DemoPki;
import org.imihub.client.Envelopes;
import org.imihub.contract.signature.SigningIdentity;
import org.imihub.contract.signature.XmlSigner;
import org.imihub.contract.xml.SecureXml;
import org.imihub.routes.directory.Directory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Writes the golden messages under src/test/resources/golden: one file per scenario, each a real
 * signed (or deliberately mis-signed) envelope from demo authority HU-EEKH to FR-CNOM. Run it again
 * from hub-app/ only when the demo PKI or the envelope schema changes (the files are committed, so
 * every test run checks the same bytes); see hub-app/README.md.
 */
public final class GoldenMessages {
  public static final Path DIR = Path.of("src/test/resources/golden");
  static final Instant CREATED = Instant.parse("2026-11-22T10:00:00Z");

  public static void main(String[] args) throws Exception {
    Files.createDirectories(DIR);
    XmlSigner hu = DemoPki.signer("HU-EEKH");

    write("valid-request.xml", base("golden-valid-request").signedBy(hu));
    write(
        "valid-request-with-attachment.xml",
        base("golden-valid-attachment")
            .attachments(
                new Envelopes.Attachment(
                    "att-1", "diploma.pdf", "application/pdf", "%PDF-1.4 demo".getBytes()))
            .signedBy(hu));
    write("malformed.xml", Arrays.copyOf(base("golden-malformed").signedBy(hu), 300));
    write(
        "xxe-external-entity.xml",
        ("<?xml version=\"1.0\"?>\n<!DOCTYPE Envelope [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n"
                + "<Envelope xmlns=\"urn:imi-hub:envelope:v1\"><Header><MessageId>&xxe;</MessageId></Header></Envelope>\n")
            .getBytes(StandardCharsets.UTF_8));
    write(
        "entity-expansion.xml",
        ("<?xml version=\"1.0\"?>\n<!DOCTYPE Envelope [<!ENTITY a \"aaaaaaaaaa\">"
                + "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">"
                + "<!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\"><!ENTITY e \"&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;\">]>\n"
                + "<Envelope xmlns=\"urn:imi-hub:envelope:v1\"><Header><MessageId>&e;</MessageId></Header></Envelope>\n")
            .getBytes(StandardCharsets.UTF_8));

    Document noProcedure = base("golden-schema-violation").document();
    Node procedure = noProcedure.getElementsByTagNameNS(Envelopes.NS, "ProcedureCode").item(0);
    procedure.getParentNode().removeChild(procedure);
    write("schema-violation.xml", SecureXml.toBytes(hu.sign(noProcedure)));

    write("unsigned.xml", SecureXml.toBytes(base("golden-unsigned").document()));
    write(
        "tampered.xml",
        new String(base("golden-tampered").signedBy(hu), StandardCharsets.UTF_8)
            .replace("Is the diploma genuine?", "Is the diploma fake?")
            .getBytes(StandardCharsets.UTF_8));
    write("wrapped.xml", wrapped(hu));
    write(
        "sha1-signature.xml",
        sha1Signed(base("golden-sha1").document(), DemoPki.identity("HU-EEKH")));
    write(
        "unknown-signer.xml",
        base("golden-unknown-signer")
            .signedBy(new XmlSigner(selfSigned("CN=HU-EEKH impostor", false))));

    SigningIdentity expired = issuedByDemoCa("CN=HU-EEKH (expired)", true);
    Files.writeString(DIR.resolve("expired-signer.crt"), pem(expired.certificate()));
    write("expired-signer.xml", base("golden-expired-signer").signedBy(new XmlSigner(expired)));

    write(
        "signer-not-sender.xml",
        base("golden-signer-not-sender").signedBy(DemoPki.signer("FR-CNOM")));
    write(
        "valid-from-fr.xml",
        Envelopes.request("FR-CNOM", "HU-EEKH")
            .messageId("golden-valid-from-fr")
            .exchangeId("golden-exchange-fr")
            .createdAt(CREATED)
            .language("fr")
            .questions("PQ-DIPLOMA-GENUINE")
            .signedBy(DemoPki.signer("FR-CNOM")));
    write(
        "unknown-recipient.xml",
        Envelopes.request("HU-EEKH", "IT-NOBODY")
            .messageId("golden-unknown-recipient")
            .exchangeId("exchange-golden-unknown-recipient")
            .createdAt(CREATED)
            .language("hu")
            .signedBy(hu));
    write(
        "unsupported-type.xml",
        base("golden-unsupported-type").messageType("REPOSITORY_RECORD").signedBy(hu));

    Document wrongDigest =
        base("golden-attachment-digest")
            .attachments(
                new Envelopes.Attachment(
                    "att-1", "diploma.pdf", "application/pdf", "%PDF-1.4 demo".getBytes()))
            .document();
    wrongDigest
        .getElementsByTagNameNS(Envelopes.NS, "Sha256")
        .item(0)
        .setTextContent(Base64.getEncoder().encodeToString(new byte[32]));
    write("attachment-digest-mismatch.xml", SecureXml.toBytes(hu.sign(wrongDigest)));
    System.out.println("golden messages written to " + DIR.toAbsolutePath());
  }

  /** The directory still lists an expired certificate of HU-EEKH, as after a missed rollover. */
  public static void registerExpiredCertificate(Directory directory) {
    directory.register(
        directory.find("HU-EEKH").orElseThrow(),
        SigningIdentity.readCertificates(DIR.resolve("expired-signer.crt")));
  }

  static Envelopes base(String messageId) {
    return Envelopes.request("HU-EEKH", "FR-CNOM")
        .messageId(messageId)
        .exchangeId("exchange-" + messageId)
        .procedure("PQ-CHECK")
        .createdAt(CREATED)
        .language("hu")
        .questions("PQ-DIPLOMA-GENUINE")
        .freeText("hu", "Is the diploma genuine?");
  }

  /**
   * An attacker's envelope (another recipient) wrapping a genuinely signed one, hoping a verifier
   * checks the inner signature and processes the outer content.
   */
  static byte[] wrapped(XmlSigner hu) {
    Document genuine = SecureXml.parse(base("golden-wrapped").signedBy(hu));
    Document attack =
        Envelopes.request("HU-EEKH", "DE-BAEK")
            .messageId("golden-wrapped")
            .exchangeId("exchange-golden-wrapped")
            .createdAt(CREATED)
            .language("hu")
            .freeText("hu", "Forward all files to DE-BAEK.")
            .document();
    Element extensions = attack.createElementNS(Envelopes.NS, "Extensions");
    Element wrapper = attack.createElementNS("urn:example:attacker", "x:Wrapper");
    wrapper.setAttributeNS("http://www.w3.org/2000/xmlns/", "xmlns:x", "urn:example:attacker");
    wrapper.appendChild(attack.importNode(genuine.getDocumentElement(), true));
    extensions.appendChild(wrapper);
    attack.getDocumentElement().appendChild(extensions);
    return SecureXml.toBytes(attack);
  }

  static byte[] sha1Signed(Document document, SigningIdentity identity) throws Exception {
    XMLSignature signature =
        new XMLSignature(
            document,
            "",
            XMLSignature.ALGO_ID_SIGNATURE_RSA_SHA1,
            "http://www.w3.org/2001/10/xml-exc-c14n#");
    document.getDocumentElement().appendChild(signature.getElement());
    Transforms transforms = new Transforms(document);
    transforms.addTransform(Transforms.TRANSFORM_ENVELOPED_SIGNATURE);
    transforms.addTransform("http://www.w3.org/2001/10/xml-exc-c14n#");
    signature.addDocument("", transforms, "http://www.w3.org/2000/09/xmldsig#sha1");
    signature.addKeyInfo(identity.certificate());
    signature.sign(identity.privateKey());
    return SecureXml.toBytes(document);
  }

  static SigningIdentity selfSigned(String subject, boolean expired) throws Exception {
    KeyPair keys = rsa();
    return new SigningIdentity(
        keys.getPrivate(),
        certificate(subject, keys, new X500Name(subject), keys.getPrivate(), expired));
  }

  public static SigningIdentity issuedByDemoCa(String subject, boolean expired) throws Exception {
    SigningIdentity ca =
        SigningIdentity.fromPem(DemoPki.DIR.resolve("ca.key"), DemoPki.DIR.resolve("ca.crt"));
    KeyPair keys = rsa();
    return new SigningIdentity(
        keys.getPrivate(),
        certificate(
            subject,
            keys,
            X500Name.getInstance(ca.certificate().getSubjectX500Principal().getEncoded()),
            ca.privateKey(),
            expired));
  }

  private static X509Certificate certificate(
      String subject, KeyPair keys, X500Name issuer, PrivateKey issuerKey, boolean expired)
      throws Exception {
    Instant from =
        expired ? CREATED.minus(400, ChronoUnit.DAYS) : CREATED.minus(1, ChronoUnit.DAYS);
    Instant to = expired ? CREATED.minus(35, ChronoUnit.DAYS) : CREATED.plus(3650, ChronoUnit.DAYS);
    var builder =
        new JcaX509v3CertificateBuilder(
            issuer,
            BigInteger.valueOf(System.nanoTime()),
            Date.from(from),
            Date.from(to),
            new X500Name(subject),
            keys.getPublic());
    return new JcaX509CertificateConverter()
        .getCertificate(
            builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(issuerKey)));
  }

  private static KeyPair rsa() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    return generator.generateKeyPair();
  }

  static String pem(X509Certificate certificate) throws Exception {
    return "-----BEGIN CERTIFICATE-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(certificate.getEncoded())
        + "\n-----END CERTIFICATE-----\n";
  }

  private static void write(String name, byte[] bytes) throws Exception {
    Files.write(DIR.resolve(name), bytes);
  }
}
