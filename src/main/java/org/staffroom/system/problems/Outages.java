package org.staffroom.system.problems;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.sql.SQLNonTransientConnectionException;
import java.util.List;
import java.util.Map;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.http.HttpHeaders;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Whether a failure means that the database cannot be reached (or did not answer in time)
 * rather than that the request was wrong: those answer 503 {@code unavailable} with
 * {@code Retry-After}, on the API and on pages, wherever they are thrown (a controller,
 * the bearer-token filter, the session store). Nothing else is needed to recover: the
 * connection pool connects again by itself.
 */
final class Outages {

	/** How long a client should wait before it tries again, in seconds. */
	public static final int RETRY_AFTER_SECONDS = 5;

	private Outages() {
	}

	/**
	 * True when the exception, or anything in its cause chain, is the database being
	 * unreachable.
	 */
	public static boolean isOutage(Throwable ex) {
		int depth = 0;
		for (Throwable t = ex; t != null && depth < 20; t = t.getCause(), depth++) {
			if (t instanceof DataAccessResourceFailureException || t instanceof TransientDataAccessResourceException
					|| t instanceof CannotCreateTransactionException || t instanceof QueryTimeoutException
					|| t instanceof RecoverableDataAccessException || t instanceof SQLTransientConnectionException
					|| t instanceof SQLNonTransientConnectionException || t instanceof SQLRecoverableException
					|| t instanceof SQLTimeoutException || t instanceof ConnectException
					|| t instanceof NoRouteToHostException || t instanceof SocketTimeoutException) {
				return true;
			}
			if (t instanceof SQLException sql && isConnectionState(sql.getSQLState())) {
				return true;
			}
			if (t.getCause() == t) {
				break;
			}
		}
		return false;
	}

	/**
	 * SQLSTATE class 08 (connection exception), 57P01 to 57P03 (the server shutting down
	 * or not accepting connections yet) and 57014 (a statement cancelled by its timeout).
	 */
	private static boolean isConnectionState(String state) {
		return state != null && (state.startsWith("08") || state.startsWith("57P") || state.equals("57014"));
	}

	/** The 503 every outage answers, with its Retry-After. */
	public static Failure unavailable() {
		return new Failure(Failure.Kind.UNAVAILABLE, "unavailable",
				"The service cannot reach its database just now. Nothing was changed; try again shortly", List.of(),
				Map.of(HttpHeaders.RETRY_AFTER, String.valueOf(RETRY_AFTER_SECONDS)));
	}

}
