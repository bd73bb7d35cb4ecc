package org.imihub.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.imihub.routes.HubProperties;
import org.imihub.routes.database.SharedCommits;
import org.imihub.routes.metrics.HubMetrics;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * The shipped Grafana dashboard asks only for metrics and labels the hub publishes: a renamed
 * metric or label would otherwise leave a panel silently empty. The queue depths come from the
 * broker and are checked on the running hub (OperationsIT).
 */
class GrafanaDashboardTest {
  private static final Path DASHBOARD = Path.of("../config/grafana/imi-hub-dashboard.json");
  private static final Pattern METRIC = Pattern.compile("imihub_[a-z_]+");
  private static final Pattern GROUPING = Pattern.compile("by \\(([^)]*)\\)");
  private static final Pattern SERIES = Pattern.compile("(?m)^(imihub_[a-z_]+)(?:\\{([^}]*)})? ");

  @Test
  void everyQueryFindsWhatTheHubPublishes() throws Exception {
    List<String> queries = new ArrayList<>();
    collectQueries(new ObjectMapper().readTree(DASHBOARD.toFile()), queries);
    assertThat(queries).hasSizeGreaterThan(10);

    Map<String, Set<String>> published = labelsByMetric(publishedByTheHub());
    for (String query : queries) {
      Matcher metric = METRIC.matcher(query);
      while (metric.find()) {
        String name = metric.group();
        if (name.equals("imihub_queue_depth")) {
          continue;
        }
        assertThat(published).as("%s in %s is published", name, query).containsKey(name);
        Set<String> labels = published.get(name);
        Matcher grouping = GROUPING.matcher(query);
        while (grouping.find()) {
          for (String label : grouping.group(1).split(",")) {
            String wanted = label.strip();
            if (!wanted.equals("le")) {
              assertThat(labels).as("label %s of %s in %s", wanted, name, query).contains(wanted);
            }
          }
        }
      }
    }
  }

  /** One of each of the hub's own metrics, as the Prometheus endpoint shows them. */
  private static String publishedByTheHub() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    // The database writer's meters, without a writer thread or a database.
    new SharedCommits(new DataSourceTransactionManager(), writers(0), registry);
    HubMetrics metrics = new HubMetrics(registry);
    metrics.received("REQUEST", "PQ-CHECK", "HU");
    metrics.rejected("SIGNATURE_INVALID");
    metrics.delivered("REQUEST", "PQ-CHECK", "FR", "MAILBOX", Duration.ofMillis(40));
    metrics.failed("REQUEST", "PQ-CHECK", "FR", "TIMEOUT", false);
    metrics.failed("REQUEST", "PQ-CHECK", "FR", "TIMEOUT", true);
    metrics.notice("REMINDER", "ANSWER_DUE");
    return registry.scrape();
  }

  private static HubProperties writers(int count) {
    return new HubProperties(
        "EU-IMI-HUB",
        null,
        null,
        "config/procedures",
        "config/dialects",
        null,
        null,
        null,
        null,
        new HubProperties.Database(count, Duration.ofMillis(250)));
  }

  /** Each metric's name and its labels (none for a metric without any). */
  private static Map<String, Set<String>> labelsByMetric(String published) {
    Map<String, Set<String>> labels = new HashMap<>();
    Matcher series = SERIES.matcher(published);
    while (series.find()) {
      Set<String> ofThis = labels.computeIfAbsent(series.group(1), name -> new LinkedHashSet<>());
      if (series.group(2) != null) {
        for (String pair : series.group(2).split(",")) {
          ofThis.add(pair.substring(0, pair.indexOf('=')));
        }
      }
    }
    return labels;
  }

  private static void collectQueries(JsonNode node, List<String> queries) {
    if (node.has("expr")) {
      queries.add(node.get("expr").asText());
    }
    node.forEach(child -> collectQueries(child, queries));
  }
}
