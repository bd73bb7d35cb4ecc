package org.imihub.connectors;

import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;

/** The edges: inbound channels and delivery connectors. */
@Configuration
@ComponentScan
public class ConnectorsConfiguration {}
