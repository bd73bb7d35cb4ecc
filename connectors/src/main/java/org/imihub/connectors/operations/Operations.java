package org.imihub.connectors.operations;

import java.util.Map;
import java.util.function.Supplier;
import org.imihub.contract.HubException;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

/** Operations answer like the API refuses: a typed code and a sentence, with the code's status. */
final class Operations {
  private Operations() {}

  static WebEndpointResponse<Object> answer(Supplier<Object> operation) {
    try {
      return new WebEndpointResponse<>(operation.get(), 200);
    } catch (HubException refused) {
      return new WebEndpointResponse<>(
          Map.of(
              "code",
              refused.code().name(),
              "title",
              refused.code().sentence(),
              "detail",
              refused.detail()),
          refused.code().httpStatus());
    }
  }
}
