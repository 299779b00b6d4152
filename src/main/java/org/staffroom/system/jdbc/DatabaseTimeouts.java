package org.staffroom.system.jdbc;

import java.time.Duration;

import com.zaxxer.hikari.HikariDataSource;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Nothing waits for ever on the database. The pool gives up on a connection after
 * {@code spring.datasource.hikari.connection-timeout} and each JdbcTemplate statement
 * after {@code spring.jdbc.template.query-timeout} (see application.properties). On
 * PostgreSQL the driver also gets a socket timeout
 * ({@code staffroom.database.socket-timeout}): a read that hears nothing for that long
 * ends the connection, for a network that drops packets rather than refusing them, and
 * for statements that no query timeout covers (the session store's, COPY). The same bound
 * applies to connecting. Settings in the JDBC URL win over these.
 */
@Configuration(proxyBeanMethods = false)
class DatabaseTimeouts {

	@Bean
	static BeanPostProcessor postgresTimeouts(Environment environment) {
		return new BeanPostProcessor() {
			@Override
			public Object postProcessAfterInitialization(Object bean, String name) {
				if (bean instanceof HikariDataSource pool && pool.getJdbcUrl() != null
						&& pool.getJdbcUrl().startsWith("jdbc:postgresql:")) {
					Duration socket = DurationStyle
						.detectAndParse(environment.getProperty("staffroom.database.socket-timeout", "600s"));
					long connect = Math.max(1, (pool.getConnectionTimeout() + 999) / 1000);
					pool.addDataSourceProperty("socketTimeout", String.valueOf(Math.max(1, socket.toSeconds())));
					pool.addDataSourceProperty("connectTimeout", String.valueOf(connect));
					pool.addDataSourceProperty("loginTimeout", String.valueOf(connect));
					pool.addDataSourceProperty("tcpKeepAlive", "true");
				}
				return bean;
			}
		};
	}

}
