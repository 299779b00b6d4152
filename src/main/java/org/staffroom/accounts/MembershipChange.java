package org.staffroom.accounts;

/**
 * A change of a membership itself: it began, ended or changed its status. Each kind of
 * change is its own event, published by the use case that made it (for example
 * {@code invitations.InvitationAccepted} or {@code members.MemberRemoved}); the snapshot
 * cache listens to all of them through this type and reloads the member, so no use case
 * moves the organisation's version on by hand.
 */
public interface MembershipChange {

	String organisationId();

	String memberId();

}
