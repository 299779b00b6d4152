/**
 * The HTTP edge of invitations: inviting staff, reviewing and accepting invitations, as
 * API and pages.
 */
@org.jspecify.annotations.NullMarked
package org.staffroom.invitations.web;
