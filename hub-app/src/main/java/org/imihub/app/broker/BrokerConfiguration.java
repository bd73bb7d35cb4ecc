package org.imihub.app.broker;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import jakarta.jms.ConnectionFactory;
import java.net.URL;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.FileDeploymentManager;
import org.apache.activemq.artemis.core.config.impl.FileConfiguration;
import org.apache.activemq.artemis.core.server.Queue;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.component.jms.JmsComponent;
import org.imihub.routes.HubProperties;
import org.imihub.routes.delivery.RedeliveryPolicy;
import org.imihub.routes.ingest.Backlog;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jms.connection.CachingConnectionFactory;
import org.springframework.jms.connection.JmsTransactionManager;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The broker side: an embedded Artemis broker (default) whose queues, dead-letter addresses and
 * redelivery are declared in config/broker.xml, or an external one (hub.broker.url); the JMS
 * connection the routes use, transacted so that a failure rolls back to the broker.
 */
@Configuration
public class BrokerConfiguration {
  /** Each embedded broker in this JVM gets its own in-VM id (tests run several). */
  private static final AtomicInteger IN_VM_IDS = new AtomicInteger();

  @Bean(initMethod = "start", destroyMethod = "stop")
  @ConditionalOnProperty(name = "hub.broker.embedded", havingValue = "true", matchIfMissing = true)
  public EmbeddedActiveMQ embeddedBroker(
      @Value("${hub.broker.config}") URL brokerXml, @Value("${hub.broker.data-dir}") Path dataDir)
      throws Exception {
    FileConfiguration configuration = new FileConfiguration();
    FileDeploymentManager deployment = new FileDeploymentManager(brokerXml.toString());
    deployment.addDeployable(configuration);
    deployment.readConfiguration();
    int id = IN_VM_IDS.getAndIncrement();
    configuration.setName(configuration.getName() + "-" + id);
    configuration.addAcceptorConfiguration("in-vm", "vm://" + id);
    configuration.setJournalDirectory(dataDir.resolve("journal").toString());
    configuration.setBindingsDirectory(dataDir.resolve("bindings").toString());
    configuration.setPagingDirectory(dataDir.resolve("paging").toString());
    configuration.setLargeMessagesDirectory(dataDir.resolve("large-messages").toString());
    configuration.setNodeManagerLockDirectory(dataDir.toString());
    EmbeddedActiveMQ broker = new EmbeddedActiveMQ();
    broker.setConfiguration(configuration);
    return broker;
  }

  @Bean
  public ConnectionFactory hubConnectionFactory(
      java.util.Optional<EmbeddedActiveMQ> embeddedBroker,
      @Value("${hub.broker.url:}") String externalUrl) {
    String url =
        embeddedBroker
            .map(
                broker ->
                    broker.getConfiguration().getAcceptorConfigurations().stream()
                        .filter(acceptor -> "in-vm".equals(acceptor.getName()))
                        .findFirst()
                        .orElseThrow())
            .map(acceptor -> "vm://" + acceptor.getParams().get("serverId"))
            .orElse(externalUrl);
    ActiveMQConnectionFactory artemis = new ActiveMQConnectionFactory(url);
    // Without it, every send by queue name asks the broker whether that queue exists first: a
    // blocking round trip, on the database writer (which puts each hand-off's deliveries on the
    // delivery queue) a fifth to a third of its time at saturation. The hub's queues are fixed in
    // broker.xml, so each session asks once.
    artemis.setCacheDestinations(true);
    CachingConnectionFactory caching = new CachingConnectionFactory(artemis);
    caching.setSessionCacheSize(32);
    // A cached consumer stays open and takes messages into its buffer: a dead letter would sit
    // there, invisible to browsing and to any other selector. Consumers are opened per use.
    caching.setCacheConsumers(false);
    return caching;
  }

  @Bean
  public JmsTransactionManager jmsTransactionManager(ConnectionFactory hubConnectionFactory) {
    return new JmsTransactionManager(hubConnectionFactory);
  }

  @Bean
  public TransactionTemplate jmsTransactions(JmsTransactionManager jmsTransactionManager) {
    return new TransactionTemplate(jmsTransactionManager);
  }

  @Bean
  public JmsTemplate hubJmsTemplate(ConnectionFactory hubConnectionFactory) {
    JmsTemplate template = new JmsTemplate(hubConnectionFactory);
    template.setSessionTransacted(true);
    template.setReceiveTimeout(JmsTemplate.RECEIVE_TIMEOUT_NO_WAIT);
    return template;
  }

  /**
   * Camel's "jms" component: every consumer transacted, so a failed step rolls back to the broker.
   * Local transactions on the consumer's own session, not the JMS transaction manager: with a
   * transaction manager and a cached consumer, Spring's listener container takes a message on its
   * own session and commits that (the acknowledgement) before the manager commits its session,
   * which holds what the route sent. A hub killed in between lost the message: HardKillIT found it.
   * With local transactions a route's sends go out on the consumer's session, and the
   * acknowledgement and the sends commit as one.
   */
  @Bean
  public JmsComponent jms(ConnectionFactory hubConnectionFactory) {
    JmsComponent jms = JmsComponent.jmsComponent(hubConnectionFactory);
    jms.setTransacted(true);
    jms.setLazyCreateTransactionManager(false);
    jms.setCacheLevelName("CACHE_CONSUMER");
    jms.setDeliveryPersistent(true);
    return jms;
  }

  /** How many messages wait on each of the hub's queues (embedded broker). */
  @Bean
  public MeterBinder queueDepths(
      java.util.Optional<EmbeddedActiveMQ> embeddedBroker, HubProperties properties) {
    HubProperties.Queues queues = properties.queues();
    return registry ->
        embeddedBroker.ifPresent(
            broker -> {
              for (String queue :
                  List.of(
                      queues.delivery(), queues.deliveryDeadLetter(), queues.deliveryPaused())) {
                Gauge.builder(
                        "imihub.queue.depth",
                        () -> {
                          var found =
                              broker.getActiveMQServer().locateQueue(SimpleString.of(queue));
                          return found == null ? 0 : found.getMessageCount();
                        })
                    .description("Messages waiting on a queue of the hub")
                    .tag("queue", queue)
                    .register(registry);
              }
            });
  }

  /**
   * The deliveries waiting on the delivery queue, for admission (docs/performance.md): redeliveries
   * scheduled for later are not counted. An external broker's queues are not seen from here, so
   * with one there is no admission limit.
   */
  @Bean
  public Backlog backlog(
      java.util.Optional<EmbeddedActiveMQ> embeddedBroker, HubProperties properties) {
    if (embeddedBroker.isEmpty()) {
      return () -> 0;
    }
    SimpleString deliveries = SimpleString.of(properties.queues().delivery());
    return () -> {
      long waiting = 0;
      try {
        Queue queue = embeddedBroker.get().getActiveMQServer().locateQueue(deliveries);
        if (queue != null) {
          waiting = queue.getMessageCount() - queue.getScheduledCount();
        }
      } catch (RuntimeException brokerStopped) {
        // Nothing to hold the message back for: the hand-off then says whether it can be taken.
        return 0;
      }
      return waiting;
    };
  }

  /**
   * The attempt limit declared for the delivery queue in broker.xml (or in config for an external
   * broker).
   */
  @Bean
  public RedeliveryPolicy redeliveryPolicy(
      java.util.Optional<EmbeddedActiveMQ> embeddedBroker,
      HubProperties properties,
      @Value("${hub.broker.delivery-max-attempts:0}") int configuredMaxAttempts) {
    int maxAttempts =
        embeddedBroker
            .map(
                broker ->
                    broker
                        .getActiveMQServer()
                        .getAddressSettingsRepository()
                        .getMatch(properties.queues().delivery())
                        .getMaxDeliveryAttempts())
            .orElse(configuredMaxAttempts);
    if (maxAttempts <= 0) {
      throw new IllegalStateException(
          "With an external broker, set hub.broker.delivery-max-attempts to the broker's"
              + " max-delivery-attempts for "
              + properties.queues().delivery()
              + ", so the hub can tell a last attempt.");
    }
    return new RedeliveryPolicy(maxAttempts);
  }
}
