/**
 * Invitations: inviting staff with roles, resending, revoking, and accepting by a
 * single-use link.
 */
@org.springframework.modulith.ApplicationModule
@org.jspecify.annotations.NullMarked
package org.staffroom.invitations;
