/**
 * How people sign in: the pages' security chain (session, CSRF, Content-Security-Policy),
 * the throttle of failed sign-ins that the pages and the API share, and API tokens for a
 * password.
 */
@org.springframework.modulith.ApplicationModule
@org.jspecify.annotations.NullMarked
package org.staffroom.signin;
