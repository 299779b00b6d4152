package org.staffroom.grants.web;

import tools.jackson.databind.ObjectMapper;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.staffroom.system.security.TokenResolver;

/**
 * Puts {@link AccessCheckEndpoint} in front of the session filter (order
 * {@code MIN_VALUE + 50}) and Spring Security's chain (-100), and behind the
 * character-encoding and forwarded-header filters ({@code MIN_VALUE}), so that it sees
 * the request as the API chain would (scheme and host from a trusted proxy included).
 */
@Configuration(proxyBeanMethods = false)
class AccessCheckConfiguration {

	static final int ORDER = Integer.MIN_VALUE + 40;

	@Bean
	FilterRegistrationBean<AccessCheckEndpoint> accessCheckEndpoint(TokenResolver tokens, AccessQuestions questions,
			ObjectMapper json, org.staffroom.system.security.EnrolmentRequired enrolment) {
		FilterRegistrationBean<AccessCheckEndpoint> registration = new FilterRegistrationBean<>(
				new AccessCheckEndpoint(tokens, questions, json, enrolment));
		registration.addUrlPatterns(AccessCheckEndpoint.PATH);
		registration.setOrder(ORDER);
		return registration;
	}

}
