package org.imihub.routes.deadline;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/** Runs the deadline watch every hub.lifecycle.watch-period, on whichever node holds the lease. */
@Component
public class DeadlineRoute extends RouteBuilder {
  private final DeadlineWatch watch;

  public DeadlineRoute(DeadlineWatch watch) {
    this.watch = watch;
  }

  @Override
  public void configure() {
    // spotless:off
    from("timer:deadline-watch?period={{hub.lifecycle.watch-period}}").routeId("deadline-watch")
        .autoStartup("{{hub.lifecycle.watch-enabled}}")
        .process(exchange -> exchange.getMessage().setBody(watch.run())).id("issue-due-notices");
    // spotless:on
  }
}
