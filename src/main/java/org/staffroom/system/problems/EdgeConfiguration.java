package org.staffroom.system.problems;

import jakarta.servlet.DispatcherType;
import org.thymeleaf.ITemplateEngine;
import tools.jackson.databind.ObjectMapper;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Errors that happen outside any controller: in a filter ({@link EdgeFailures}), on the
 * container's error path ({@link ErrorPages}), and in Tomcat itself
 * ({@link ProblemReportValve}).
 */
@Configuration(proxyBeanMethods = false)
class EdgeConfiguration {

	/**
	 * Before the session store's filter (Integer.MIN_VALUE + 50) and Spring Security's,
	 * so that a failure of either is caught here.
	 */
	static final int EDGE_FAILURES_ORDER = Ordered.HIGHEST_PRECEDENCE + 10;

	@Bean
	FilterRegistrationBean<EdgeFailures> edgeFailures(ProblemWriter problems, ITemplateEngine templates) {
		FilterRegistrationBean<EdgeFailures> registration = new FilterRegistrationBean<>(
				new EdgeFailures(problems, templates));
		registration.setOrder(EDGE_FAILURES_ORDER);
		registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ASYNC);
		return registration;
	}

	@Bean
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemReportValve(ObjectMapper json) {
		return (factory) -> factory.addContextCustomizers(
				(context) -> context.getParent().getPipeline().addValve(new ProblemReportValve(json)));
	}

}
