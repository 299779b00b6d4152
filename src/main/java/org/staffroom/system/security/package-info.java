/**
 * Security plumbing: the API's bearer tokens, the signed-in principal, password hashing,
 * and who acts through which path.
 */
@org.springframework.modulith.NamedInterface("security")
@org.jspecify.annotations.NullMarked
package org.staffroom.system.security;
