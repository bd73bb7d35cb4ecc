package org.imihub.connectors.rest;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document's front matter (published at /api/v1/openapi). Bodies are XML documents
 * whose exact shape is the contract's XSDs, published at /api/v1/contract/xsd/. A configuration
 * class only so that springdoc finds the annotations.
 */
@OpenAPIDefinition(
    info =
        @Info(
            title = "imi-hub REST API",
            version = "v1",
            description =
                "Signed machine-to-machine messages between public authorities. Every call is HTTPS with a client"
                    + " certificate registered for an authority. Request and answer bodies are XML: the envelope"
                    + " (/api/v1/contract/xsd/envelope-v1.xsd), the hub's documents (hub-v1.xsd) and, for every refusal,"
                    + " application/problem+xml (problem-v1.xsd) with a typed error code, its title in the"
                    + " language Accept-Language asks for. The procedure catalogue (/api/v1/procedures) is JSON,"
                    + " in the language asked for, for building forms."),
    security = @SecurityRequirement(name = "clientCertificate"))
@SecurityScheme(
    name = "clientCertificate",
    type = SecuritySchemeType.MUTUALTLS,
    description =
        "TLS client certificate of an authority, issued by a CA the hub trusts and registered in its directory")
@Configuration(proxyBeanMethods = false)
public class ApiDocs {
  public static final String PROBLEM = "application/problem+xml";
}
