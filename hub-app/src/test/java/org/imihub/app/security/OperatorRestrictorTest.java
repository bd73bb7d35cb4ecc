package org.imihub.app.security;

import static org.assertj.core.api.Assertions.assertThat;

import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

class OperatorRestrictorTest {
  private static final ObjectName CAMEL_ROUTES = name("org.apache.camel:type=routes,name=ingest");
  private static final ObjectName ARTEMIS_BROKER =
      name("org.apache.activemq.artemis:broker=\"imi-hub\"");

  @Test
  void viewersMayRunWhatTheConsoleDrawsFrom() {
    assertThat(OperatorRestrictor.readsOnly(CAMEL_ROUTES, "dumpRoutesAsXml()")).isTrue();
    assertThat(OperatorRestrictor.readsOnly(CAMEL_ROUTES, "dumpRouteStatsAsXml(boolean,boolean)"))
        .isTrue();
    assertThat(OperatorRestrictor.readsOnly(ARTEMIS_BROKER, "listQueues(java.lang.String,int,int)"))
        .isTrue();
  }

  @Test
  void messagesAndChangesStayWithOperators() {
    assertThat(OperatorRestrictor.readsOnly(CAMEL_ROUTES, "dumpTracedMessagesAsXml()")).isFalse();
    assertThat(OperatorRestrictor.readsOnly(CAMEL_ROUTES, "stop()")).isFalse();
    assertThat(OperatorRestrictor.readsOnly(ARTEMIS_BROKER, "listMessagesAsJSON(java.lang.String)"))
        .isFalse();
    assertThat(OperatorRestrictor.readsOnly(ARTEMIS_BROKER, "destroyQueue(java.lang.String)"))
        .isFalse();
    assertThat(OperatorRestrictor.readsOnly(name("java.lang:type=Memory"), "gc()")).isFalse();
  }

  private static ObjectName name(String name) {
    try {
      return new ObjectName(name);
    } catch (Exception e) {
      throw new IllegalArgumentException(name, e);
    }
  }
}
