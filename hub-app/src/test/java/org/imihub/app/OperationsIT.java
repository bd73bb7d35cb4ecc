package org.imihub.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.imihub.app.support.HubIT;
import org.imihub.app.support.WebhookReceiver;
import org.imihub.client.Envelopes;
import org.imihub.client.HubClient;
import org.imihub.contract.hub.v1.DeliveryStatusType;
import org.imihub.routes.directory.ConnectorType;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jms.core.JmsTemplate;

/** The management port: who may read and change what, dead letters and pauses for operators. */
class OperationsIT extends HubIT {
  @LocalManagementPort int managementPort;
  @Autowired JdbcTemplate jdbc;
  @Autowired JmsTemplate hubJmsTemplate;
  private final HttpClient http = HttpClient.newHttpClient();

  // No login: only the health status. Viewer: reads. Viewer changing something: 403, audited.
  @Test
  void managementPortNeedsTheRightRole() throws Exception {
    assertThat(call("GET", "/actuator/health", null, null).statusCode()).isEqualTo(200);
    assertThat(call("GET", "/actuator/health", null, null).body()).doesNotContain("components");
    assertThat(call("GET", "/actuator/deadletters", null, null).statusCode()).isEqualTo(401);
    assertThat(call("GET", "/actuator/deadletters", "viewer:wrong", null).statusCode())
        .isEqualTo(401);
    assertThat(call("GET", "/actuator/deadletters", "viewer:demo-viewer", null).statusCode())
        .isEqualTo(200);
    var metrics = call("GET", "/actuator/prometheus", "viewer:demo-viewer", null);
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.body()).contains("imihub_queue_depth{queue=\"hub.delivery\"}");
    long audited =
        count("select count(*) from audit_event where actor = 'viewer' and outcome = 'FORBIDDEN'");
    var refused =
        call("POST", "/actuator/deliverypauses/FR-CNOM", "viewer:demo-viewer", "{\"paused\":true}");
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(
            count(
                "select count(*) from audit_event where actor = 'viewer' and outcome = 'FORBIDDEN'"))
        .isEqualTo(audited + 1);
    assertThat(directory.isPaused("FR-CNOM")).isFalse();
  }

  // Pause NO-HDIR: a request waits (PAUSED, not in the mailbox); resume: it arrives. Unknown
  // authority: 404.
  @Test
  void operatorPausesAndResumesDelivery() throws Exception {
    assertThat(
            call(
                    "POST",
                    "/actuator/deliverypauses/NO-HDIR",
                    "operator:demo-operator",
                    "{\"paused\":true}")
                .statusCode())
        .isEqualTo(200);
    HubClient hu = client("HU-EEKH");
    Envelopes request = Envelopes.request("HU-EEKH", "NO-HDIR");
    hu.submit(request.signedBy(hu.signer()));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> status(hu, request) == DeliveryStatusType.PAUSED);
    assertThat(call("GET", "/actuator/deliverypauses", "viewer:demo-viewer", null).body())
        .contains("NO-HDIR");

    var resumed =
        call(
            "POST",
            "/actuator/deliverypauses/NO-HDIR",
            "operator:demo-operator",
            "{\"paused\":false}");
    assertThat(resumed.body()).contains(request.messageId());
    awaitInMailbox("NO-HDIR", request.messageId());
    String metrics = call("GET", "/actuator/prometheus", "viewer:demo-viewer", null).body();
    assertThat(metrics)
        .contains(
            "imihub_messages_received_total{procedure=\"PQ-CHECK\",sender_country=\"HU\",type=\"REQUEST\"}");
    assertThat(metrics).contains("imihub_delivery_latency_seconds_bucket");
    assertThat(metrics)
        .contains(
            "imihub_delivery_call_seconds_count{connector=\"MAILBOX\",outcome=\"handed_over\"}");
    assertThat(metrics).doesNotContain(request.messageId());

    var unknown =
        call(
            "POST",
            "/actuator/deliverypauses/XX-NOBODY",
            "operator:demo-operator",
            "{\"paused\":true}");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.body()).contains("AUTHORITY_NOT_FOUND");
  }

  // A dead letter is listed with its cause; re-driving an unknown id or discarding without a
  // reason is refused; discarding with a reason takes it away for good (DISCARDED, audited).
  @Test
  void operatorSeesAndDiscardsDeadLetters() throws Exception {
    try (WebhookReceiver dk = new WebhookReceiver("DK-STPS")) {
      dk.down(true);
      connect("DK-STPS", ConnectorType.WEBHOOK, dk.endpoint());
      HubClient hu = client("HU-EEKH");
      Envelopes request = Envelopes.request("HU-EEKH", "DK-STPS");
      hu.submit(request.signedBy(hu.signer()));
      String deliveryId = request.messageId() + "~DK-STPS";
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () ->
                  call("GET", "/actuator/deadletters", "viewer:demo-viewer", null)
                      .body()
                      .contains(deliveryId));
      assertThat(call("GET", "/actuator/deadletters", "viewer:demo-viewer", null).body())
          .contains("HTTP_STATUS");

      var unknown =
          call(
              "POST",
              "/actuator/deadletters",
              "operator:demo-operator",
              "{\"deliveryId\":\"nope~XX-NONE\"}");
      assertThat(unknown.statusCode()).isEqualTo(404);
      var noReason =
          call("DELETE", "/actuator/deadletters/" + deliveryId, "operator:demo-operator", null);
      assertThat(noReason.statusCode()).isEqualTo(422);
      var discarded =
          call(
              "DELETE",
              "/actuator/deadletters/" + deliveryId + "?reason=back%20office%20decommissioned",
              "operator:demo-operator",
              null);
      assertThat(discarded.statusCode()).isEqualTo(200);
      assertThat(status(hu, request)).isEqualTo(DeliveryStatusType.DISCARDED);
      assertThat(call("GET", "/actuator/deadletters", "viewer:demo-viewer", null).body())
          .doesNotContain(deliveryId);
      assertThat(
              count(
                  "select count(*) from audit_event where actor = 'operator' and action = 'DISCARD'"
                      + " and outcome = 'DISCARDED'"))
          .isPositive();
    } finally {
      connect("DK-STPS", ConnectorType.MAILBOX, null);
    }
  }

  // A queue message the hub did not put there (its delivery is not in the ledger) is retried, then
  // dead-lettered; the operator sees it by its ids and discards it with a reason.
  @Test
  void operatorSeesAndDiscardsAStrayDelivery() throws Exception {
    hubJmsTemplate.send(
        "hub.delivery",
        session -> {
          var stray = session.createMessage();
          stray.setStringProperty("imiMessageId", "stray-1");
          stray.setStringProperty("imiDeliveryId", "stray-1~NO-HDIR");
          stray.setStringProperty("imiRecipient", "NO-HDIR");
          return stray;
        });
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                call("GET", "/actuator/deadletters", "viewer:demo-viewer", null)
                    .body()
                    .contains("stray-1~NO-HDIR"));
    var discarded =
        call(
            "DELETE",
            "/actuator/deadletters/stray-1~NO-HDIR?reason=not%20ours",
            "operator:demo-operator",
            null);
    assertThat(discarded.statusCode()).isEqualTo(200);
    assertThat(call("GET", "/actuator/deadletters", "viewer:demo-viewer", null).body())
        .doesNotContain("stray-1");
    var again =
        call(
            "DELETE",
            "/actuator/deadletters/stray-1~NO-HDIR?reason=twice",
            "operator:demo-operator",
            null);
    assertThat(again.statusCode()).isEqualTo(404);
  }

  // The Hawtio console and its Jolokia: nothing without a login; a viewer sees the hub's Camel
  // routes and Artemis queues but may not run an operation; an operator may; a change without
  // the CSRF token is refused.
  @Test
  void consoleNeedsALoginAndOnlyOperatorsChangeThings() throws Exception {
    assertThat(call("GET", "/actuator/hawtio/", null, null).statusCode()).isEqualTo(401);
    assertThat(call("GET", "/actuator/jolokia/version", null, null).statusCode()).isEqualTo(401);
    assertThat(call("GET", "/actuator/hawtio/", "viewer:demo-viewer", null).statusCode())
        .isEqualTo(200);
    String routes =
        call(
                "GET",
                "/actuator/jolokia/search/org.apache.camel:type=routes,*",
                "viewer:demo-viewer",
                null)
            .body();
    assertThat(routes).contains("ingest").contains("delivery").contains("deadline-watch");
    assertThat(
            call(
                    "GET",
                    "/actuator/jolokia/search/org.apache.activemq.artemis:*,subcomponent=queues",
                    "viewer:demo-viewer",
                    null)
                .body())
        .contains("hub.delivery.dlq");
    assertThat(
            call(
                    "GET",
                    "/actuator/jolokia/exec/java.lang:type=Memory/gc",
                    "viewer:demo-viewer",
                    null)
                .body())
        .contains("forbidden");
    assertThat(
            call(
                    "GET",
                    "/actuator/jolokia/exec/java.lang:type=Memory/gc",
                    "operator:demo-operator",
                    null)
                .body())
        .contains("\"status\":200");
    assertThat(
            call(
                    "POST",
                    "/actuator/jolokia",
                    "operator:demo-operator",
                    "{\"type\":\"exec\",\"mbean\":\"java.lang:type=Memory\",\"operation\":\"gc\"}")
                .statusCode())
        .as("no CSRF token")
        .isEqualTo(403);
  }

  // The connectors' health names each webhook back office's real cause: refused, or UP.
  @Test
  void connectorHealthNamesTheCause() throws Exception {
    int closedPort;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    try (WebhookReceiver pt = new WebhookReceiver("PT-OM")) {
      connect(
          "NO-HDIR", ConnectorType.WEBHOOK, URI.create("https://localhost:" + closedPort + "/imi"));
      connect("PT-OM", ConnectorType.WEBHOOK, pt.endpoint());
      var health = call("GET", "/actuator/health/connectors", "viewer:demo-viewer", null);
      assertThat(health.statusCode()).as("degraded, not out of service").isEqualTo(200);
      assertThat(health.body()).contains("DEGRADED").contains("CONNECTION_REFUSED");
      assertThat(health.body()).containsPattern("\"PT-OM\":\\{[^}]*\"status\":\"UP\"");
      assertThat(call("GET", "/actuator/health/broker", "viewer:demo-viewer", null).body())
          .contains("UP");
    } finally {
      connect("NO-HDIR", ConnectorType.MAILBOX, null);
      connect("PT-OM", ConnectorType.MAILBOX, null);
    }
  }

  private HttpResponse<String> call(String method, String path, String credentials, String json)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + path))
            .method(
                method,
                json == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(json))
            .header("Content-Type", "application/json");
    if (credentials != null) {
      request.header(
          "Authorization",
          "Basic "
              + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private long count(String sql) {
    return jdbc.queryForObject(sql, Long.class);
  }

  private static DeliveryStatusType status(HubClient client, Envelopes request) {
    return client
        .exchange(request.exchangeId())
        .getMessage()
        .get(0)
        .getDelivery()
        .get(0)
        .getStatus();
  }
}
