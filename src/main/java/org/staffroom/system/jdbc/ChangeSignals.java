package org.staffroom.system.jdbc;

import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import javax.sql.DataSource;

import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Tells every node that something cached has changed, such as "organisation X is at
 * version 7" or "token T was revoked". On PostgreSQL a signal is a NOTIFY sent in the
 * changing transaction, so other nodes hear it exactly when it commits; this node hears
 * it after commit too. On H2 (one embedded node) only this node listens. Caches also poll
 * versions now and then, in case a notification is lost while a listener reconnects.
 */
@Component
public class ChangeSignals implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(ChangeSignals.class);

	private static final String CHANNEL = "staffroom_changes";

	private final JdbcClient jdbc;

	private final DataSource dataSource;

	private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();

	private final boolean postgres;

	private volatile boolean running = true;

	private Thread listenerThread;

	public ChangeSignals(JdbcClient jdbc, DataSource dataSource, DatabaseProduct database) {
		this.jdbc = jdbc;
		this.dataSource = dataSource;
		this.postgres = database.postgres();
	}

	/** Subscribes to every signal, from this node or another. */
	public void subscribe(Consumer<String> listener) {
		this.listeners.add(listener);
	}

	/**
	 * Sends a signal that takes effect when the current transaction commits (at once if
	 * there is none). Other nodes receive it through PostgreSQL; this node after its own
	 * commit.
	 */
	public void publish(String signal) {
		if (this.postgres) {
			this.jdbc.sql("SELECT pg_notify(?, ?)").param(CHANNEL).param(signal).query().singleValue();
		}
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCommit() {
					deliver(signal);
				}
			});
		}
		else {
			deliver(signal);
		}
	}

	private void deliver(String signal) {
		for (Consumer<String> listener : this.listeners) {
			try {
				listener.accept(signal);
			}
			catch (RuntimeException ex) {
				log.warn("A change listener failed on {}", signal, ex);
			}
		}
	}

	@EventListener(ApplicationReadyEvent.class)
	public void startListening() {
		if (!this.postgres || this.listenerThread != null) {
			return;
		}
		this.listenerThread = new Thread(this::listen, "staffroom-change-listener");
		this.listenerThread.setDaemon(true);
		this.listenerThread.start();
	}

	private void listen() {
		while (this.running) {
			try (Connection connection = this.dataSource.getConnection()) {
				try (Statement statement = connection.createStatement()) {
					statement.execute("LISTEN " + CHANNEL);
				}
				PGConnection pg = connection.unwrap(PGConnection.class);
				// Whatever changed while we were not listening: caches re-check their
				// versions.
				deliver("*");
				while (this.running) {
					PGNotification[] notifications = pg.getNotifications(1000);
					if (notifications != null) {
						for (PGNotification notification : notifications) {
							deliver(notification.getParameter());
						}
					}
				}
			}
			catch (Exception ex) {
				if (this.running) {
					log.warn("Change listener lost its connection; reconnecting", ex);
					sleepQuietly(1000);
				}
			}
		}
	}

	private static void sleepQuietly(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public void destroy() {
		this.running = false;
		if (this.listenerThread != null) {
			this.listenerThread.interrupt();
		}
	}

}
