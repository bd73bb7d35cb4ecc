package org.imihub.connectors.rest;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import org.imihub.contract.ErrorCode;
import org.imihub.contract.HubException;
import org.imihub.contract.xml.ContractSchemas;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Publishes the contract as it is laid out in the schemas module, so the WSDL's relative imports
 * resolve: {@code /api/v1/contract/xsd/envelope-v1.xsd}, {@code .../wsdl/imi-hub-v1.wsdl}. The SOAP
 * endpoint serves the WSDL too, at {@code /soap/v1?wsdl}.
 */
@RestController
@RequestMapping("/api/v1/contract")
@Tag(name = "contract", description = "The XSDs and the WSDL")
public class ContractController {
  private static final String WSDL_FILE =
      ContractSchemas.WSDL.substring(ContractSchemas.WSDL.lastIndexOf('/') + 1);

  @GetMapping(path = "/{folder}/{file:.+}", produces = MediaType.APPLICATION_XML_VALUE)
  @Operation(
      summary =
          "A file of the contract: xsd/envelope-v1.xsd, xsd/hub-v1.xsd, xsd/problem-v1.xsd, xsd/procedure-v1.xsd, wsdl/imi-hub-v1.wsdl")
  @ApiResponse(responseCode = "200", description = "the XSD or WSDL")
  @ApiResponse(
      responseCode = "404",
      description = "SCHEMA_NOT_FOUND",
      content = @Content(mediaType = ApiDocs.PROBLEM))
  public ResponseEntity<byte[]> file(@PathVariable String folder, @PathVariable String file)
      throws IOException {
    boolean published =
        ("xsd".equals(folder) && List.of(ContractSchemas.XSD_FILES).contains(file))
            || ("wsdl".equals(folder) && WSDL_FILE.equals(file));
    if (!published) {
      throw new HubException(
          ErrorCode.SCHEMA_NOT_FOUND,
          "Published are xsd/"
              + Arrays.toString(ContractSchemas.XSD_FILES)
              + " and wsdl/"
              + WSDL_FILE
              + ".");
    }
    try (InputStream in =
        ContractSchemas.class.getResourceAsStream("/org/imihub/contract/" + folder + "/" + file)) {
      return ResponseEntity.ok().contentType(MediaType.APPLICATION_XML).body(in.readAllBytes());
    }
  }
}
