package org.imihub.app.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.imihub.routes.audit.AuditLog;
import org.springframework.boot.actuate.autoconfigure.security.servlet.EndpointRequest;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.CsrfTokenRequestAttributeHandler;
import org.springframework.web.context.WebApplicationContext;
import org.springframework.web.context.support.WebApplicationContextUtils;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Who may do what. The API port authenticates by client certificate in TLS and maps it to an
 * authority in the channels; Spring Security stays out of its way. The management port (actuator,
 * operations) asks for an operator's name and password: VIEWER reads, OPERATOR also changes; the
 * health status alone stays open for load balancers, its details do not.
 */
@Configuration
@EnableConfigurationProperties(ManagementSecurity.Operators.class)
public class ManagementSecurity {
  static final String VIEWER = "VIEWER";
  static final String OPERATOR = "OPERATOR";

  /** {@code hub.operators}: name, password (an encoded hash, e.g. {bcrypt}...) and roles. */
  @ConfigurationProperties("hub")
  public record Operators(List<Operator> operators) {
    public record Operator(String name, String password, List<String> roles) {}
  }

  /**
   * The Hawtio console and its Jolokia. A browser signs in on the management port's login page and
   * keeps a session, so the console's own requests carry it; tools may send basic credentials
   * instead. Any operator role reads; Jolokia's {@link OperatorRestrictor} lets only OPERATOR write
   * attributes or run operations. Because the browser sends the session by itself, changes also
   * need the CSRF token, which the console reads from the XSRF-TOKEN cookie and sends back as a
   * header. Hawtio's own authentication is off (application.yml): this is the one login.
   */
  @Bean
  @Order(0)
  public SecurityFilterChain console(HttpSecurity http) throws Exception {
    return http.securityMatchers(
            matchers ->
                matchers
                    .requestMatchers(EndpointRequest.to("hawtio", "jolokia"))
                    .requestMatchers(ManagementSecurity::isSignInOnManagementPort))
        .authorizeHttpRequests(requests -> requests.anyRequest().hasAnyRole(VIEWER, OPERATOR))
        .formLogin(Customizer.withDefaults())
        .httpBasic(Customizer.withDefaults())
        .csrf(
            csrf ->
                csrf.csrfTokenRepository(CookieCsrfTokenRepository.withHttpOnlyFalse())
                    .csrfTokenRequestHandler(new CsrfTokenRequestAttributeHandler()))
        // Spring Security loads the token lazily; load it on every answer so the cookie is there.
        .addFilterAfter(
            new OncePerRequestFilter() {
              @Override
              protected void doFilterInternal(
                  HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                  throws ServletException, IOException {
                CsrfToken token = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
                if (token != null) {
                  token.getToken();
                }
                chain.doFilter(request, response);
              }
            },
            BasicAuthenticationFilter.class)
        .build();
  }

  /** The login page and logout, on the management port only: the API port has no operators. */
  private static boolean isSignInOnManagementPort(HttpServletRequest request) {
    String path = request.getServletPath();
    WebApplicationContext context =
        WebApplicationContextUtils.getWebApplicationContext(request.getServletContext());
    return ("/login".equals(path) || "/logout".equals(path))
        && context != null
        && WebServerApplicationContext.hasServerNamespace(context, "management");
  }

  @Bean
  @Order(1)
  public SecurityFilterChain management(HttpSecurity http, AuditLog audit) throws Exception {
    return http.securityMatcher(EndpointRequest.toAnyEndpoint())
        .authorizeHttpRequests(
            requests ->
                requests
                    .requestMatchers(EndpointRequest.to("health"))
                    .permitAll()
                    .requestMatchers(HttpMethod.GET)
                    .hasAnyRole(VIEWER, OPERATOR)
                    .anyRequest()
                    .hasRole(OPERATOR))
        .httpBasic(Customizer.withDefaults())
        // A viewer who tries to change something is refused, and the attempt is audited.
        .exceptionHandling(
            handling ->
                handling.accessDeniedHandler(
                    (request, response, denied) -> {
                      String operator =
                          request.getUserPrincipal() == null
                              ? null
                              : request.getUserPrincipal().getName();
                      audit.record(
                          operator,
                          request.getMethod() + " " + request.getRequestURI(),
                          null,
                          "FORBIDDEN");
                      response.setStatus(403);
                      response.setContentType("application/json");
                      response
                          .getWriter()
                          .write(
                              "{\"code\":\"FORBIDDEN\",\"title\":\"This operation needs the OPERATOR role.\"}");
                    }))
        .sessionManagement(
            sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        // Machine clients with basic authentication and no cookies: nothing for CSRF to protect.
        .csrf(csrf -> csrf.disable())
        .build();
  }

  /**
   * The API port. A caller is authenticated by its TLS client certificate (Tomcat requires one) and
   * allowed per call by the authority that certificate is registered for (the connectors' {@code
   * Callers}), so Spring Security only writes its response headers here. Its other filters (a
   * security context, an anonymous user, a request cache, an authorisation of anyone) did nothing
   * for a machine caller (about 2% of the hub's CPU: docs/performance.md).
   */
  @Bean
  @Order(2)
  public SecurityFilterChain api(HttpSecurity http) throws Exception {
    return http.securityContext(AbstractHttpConfigurer::disable)
        .sessionManagement(AbstractHttpConfigurer::disable)
        .anonymous(AbstractHttpConfigurer::disable)
        .requestCache(AbstractHttpConfigurer::disable)
        .servletApi(AbstractHttpConfigurer::disable)
        .logout(AbstractHttpConfigurer::disable)
        .exceptionHandling(AbstractHttpConfigurer::disable)
        .csrf(AbstractHttpConfigurer::disable)
        .build();
  }

  /**
   * No observations of Spring Security (filters, authentications, authorisations): it otherwise
   * wraps every filter of every chain to time it, on every request, even with {@code
   * management.observations.enable.spring.security: false} (which was set here before). The hub's
   * own metrics say what operators need.
   */
  @Bean
  public SecurityObservationSettings noSecurityObservations() {
    return SecurityObservationSettings.noObservations();
  }

  /**
   * The configured hashes ({bcrypt}, ...), with a successful check remembered for ten minutes: see
   * {@link RememberedPasswords}.
   */
  @Bean
  public PasswordEncoder operatorPasswords(Clock clock) {
    return new RememberedPasswords(
        PasswordEncoderFactories.createDelegatingPasswordEncoder(),
        Duration.ofMinutes(10),
        64,
        clock);
  }

  @Bean
  public UserDetailsService operators(Operators configured) {
    InMemoryUserDetailsManager users = new InMemoryUserDetailsManager();
    for (Operators.Operator operator :
        configured.operators() == null ? List.<Operators.Operator>of() : configured.operators()) {
      users.createUser(
          User.withUsername(operator.name())
              .password(operator.password())
              .roles(operator.roles().toArray(String[]::new))
              .build());
    }
    return users;
  }
}
