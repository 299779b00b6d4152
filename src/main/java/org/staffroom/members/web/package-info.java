/**
 * The HTTP edge of members: the directory, a member's page and API, Edit my account, and
 * requests for access.
 */
@org.jspecify.annotations.NullMarked
package org.staffroom.members.web;
