package org.staffroom.imports;

/**
 * The organisation changed between an import's planning (done without its lock) and the
 * moment it locked the organisation to write: what was decided may no longer hold, so
 * nothing of it is applied and the import is planned again.
 */
final class StalePlan extends RuntimeException {

	private static final long serialVersionUID = 1L;

	StalePlan(long planned, long locked) {
		super("The organisation changed while the import was planned (version " + planned + ", now " + locked + ")",
				null, false, false);
	}

}
