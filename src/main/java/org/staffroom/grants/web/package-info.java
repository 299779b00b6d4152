/**
 * The HTTP edge of grants: the access check API (may this person do that here?), custom
 * roles and the role help pages.
 */
@org.jspecify.annotations.NullMarked
package org.staffroom.grants.web;
