package org.imihub.connectors.dialect;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.transform.Source;
import javax.xml.transform.TransformerConfigurationException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.URIResolver;
import javax.xml.transform.sax.SAXSource;
import net.sf.saxon.Configuration;
import net.sf.saxon.TransformerFactoryImpl;
import net.sf.saxon.lib.EnvironmentVariableResolver;
import net.sf.saxon.lib.Feature;
import net.sf.saxon.trans.XPathException;
import org.imihub.contract.xml.SecureXml;
import org.xml.sax.InputSource;
import org.xml.sax.helpers.XMLFilterImpl;

/**
 * Saxon set up so that a dialect's stylesheets cannot reach out of their folder. A mapping is
 * configuration, not code the hub vouches for, and it sees personal data: it must not read files or
 * addresses (document(), unparsed-text(), collection(), an external entity), write any
 * (xsl:result-document), call Java (extension functions) or read the environment. It may read the
 * files of its own dialect folder, which is how xsl:include and xsl:import work, and nothing else.
 * Every XML it reads (parse-xml() too) is parsed without DTDs. With extension functions off, Saxon
 * itself refuses xsl:result-document when it compiles the stylesheet.
 */
public final class ClosedSaxon {
  private static final String JVM_DEFAULT_TRANSFORMER = TransformerFactory.class.getName();

  private ClosedSaxon() {}

  /**
   * Keeps the JDK's own transformer as the JVM's default. Saxon's jar registers itself as that
   * default (a service file), so without this every library that asks for "a" TransformerFactory
   * gets a new Saxon configuration: JAXB does so for each lax element it reads into DOM (the
   * envelope's Extensions), and the benchmark's profile found that at about 4% of the hub's CPU.
   * Only the dialects need Saxon, and they ask for it by name. A value set on the command line
   * wins.
   */
  public static void keepOutOfJvmDefaults() {
    if (System.getProperty(JVM_DEFAULT_TRANSFORMER) == null) {
      System.setProperty(
          JVM_DEFAULT_TRANSFORMER, TransformerFactory.newDefaultInstance().getClass().getName());
    }
  }

  /** A Saxon factory of its own configuration, closed as described above. */
  static TransformerFactory transformerFactory() {
    Configuration config = new Configuration();
    config.setConfigurationProperty(Feature.ALLOW_EXTERNAL_FUNCTIONS, false);
    // No URI scheme for Saxon's own fetching; the folder's files come through folderOnly.
    config.setConfigurationProperty(Feature.ALLOWED_PROTOCOLS, "");
    config.setConfigurationProperty(Feature.ENVIRONMENT_VARIABLE_RESOLVER, new NoEnvironment());
    config.setResourceResolver(
        request -> {
          throw refused(request.uri);
        });
    config.setUnparsedTextURIResolver(
        (uri, encoding, configuration) -> {
          throw refused(String.valueOf(uri));
        });
    config.setCollectionFinder(
        (context, uri) -> {
          throw refused(uri);
        });
    config.setParseOptions(config.getParseOptions().withXMLReaderMaker(SecureXml::newReader));
    // parse-xml() asks for a parser by class name.
    config.setSourceParserClass(NoDtdReader.class.getName());
    TransformerFactoryImpl factory = new TransformerFactoryImpl(config);
    try {
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
    } catch (TransformerConfigurationException e) {
      throw new IllegalStateException("Saxon must support secure processing", e);
    }
    return factory;
  }

  /**
   * Resolves {@code href} only to a file inside {@code folder} (after following links), parsed
   * without DTDs; anything else is refused.
   */
  static URIResolver folderOnly(Path folder) {
    Path root = realPath(folder);
    return (href, base) -> {
      Path file;
      try {
        URI against = base == null || base.isEmpty() ? root.toUri() : new URI(base);
        URI resolved = against.resolve(new URI(href));
        if (!"file".equalsIgnoreCase(resolved.getScheme())) {
          throw refused(href);
        }
        file = Path.of(resolved).toRealPath();
      } catch (IOException | IllegalArgumentException | URISyntaxException e) {
        throw refused(href);
      }
      if (!file.startsWith(root) || !Files.isRegularFile(file)) {
        throw refused(href);
      }
      return source(file);
    };
  }

  /** The file, to be parsed by a reader that refuses DTDs. */
  static Source source(Path file) {
    return new SAXSource(SecureXml.newReader(), new InputSource(file.toUri().toString()));
  }

  private static XPathException refused(String uri) {
    return new XPathException(
        "A dialect's stylesheet may read only files of its own folder; refused: " + uri,
        "FODC0002");
  }

  private static Path realPath(Path folder) {
    try {
      return folder.toRealPath();
    } catch (IOException e) {
      throw new IllegalStateException("Dialect folder " + folder + " cannot be read.", e);
    }
  }

  /**
   * The reader of {@link SecureXml#newReader()}, as a class Saxon can make by name. Public only for
   * Saxon.
   */
  public static final class NoDtdReader extends XMLFilterImpl {
    public NoDtdReader() {
      super(SecureXml.newReader());
    }
  }

  /** environment-variable() finds nothing: the hub's environment may hold secrets. */
  private static final class NoEnvironment implements EnvironmentVariableResolver {
    @Override
    public Set<String> getAvailableEnvironmentVariables() {
      return Set.of();
    }

    @Override
    public String getEnvironmentVariable(String name) {
      return null;
    }
  }
}
