package org.staffroom.organisations;

import java.util.List;

/**
 * A customer: an exam centre, a school or a trust. {@code version} moves on with every
 * access change. {@code mfaRequired} is the policy on second factors: {@code none},
 * {@code administrators} or {@code everyone}.
 */
public record Organisation(String id, String name, List<String> templates, int invitationDays, int smallGroupK,
		long version, String mfaRequired) {
}
