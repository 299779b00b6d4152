package org.staffroom.accounts;

import java.util.List;

/**
 * Published, inside the transaction that made the change, when accounts' sort keys or
 * search texts change (new names, a new email). Tables that keep copies of them for
 * searching (the role assignments, for the member directory) update their copies in the
 * same transaction.
 */
public record AccountSearchKeysChanged(List<Keys> accounts) {

	/** An account's new sort key and search text, as {@link SearchText} makes them. */
	public record Keys(String accountId, String sortKey, String searchText) {
	}

	public AccountSearchKeysChanged {
		accounts = List.copyOf(accounts);
	}

}
