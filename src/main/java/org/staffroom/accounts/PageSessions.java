package org.staffroom.accounts;

import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;
import org.springframework.stereotype.Component;

/**
 * The page sessions of an account, kept by Spring Session in the database (so on every
 * node).
 */
@Component
class PageSessions {

	private final FindByIndexNameSessionRepository<? extends Session> sessions;

	PageSessions(FindByIndexNameSessionRepository<? extends Session> sessions) {
		this.sessions = sessions;
	}

	/** Ends every page session of the account, whichever node created it. */
	public void endAll(String emailKey) {
		for (String id : this.sessions.findByPrincipalName(emailKey).keySet()) {
			this.sessions.deleteById(id);
		}
	}

}
