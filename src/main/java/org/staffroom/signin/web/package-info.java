/**
 * The HTTP edge of signing in: the sign-in page, the pages' security chain, and API
 * tokens.
 */
@org.jspecify.annotations.NullMarked
package org.staffroom.signin.web;
