/**
 * The second factor's API (/api/v1/me/mfa, a member's factors reset), its pages (Edit my
 * account, the second step of signing in), and the gate that sends a member covered by a
 * policy with no factor to enrolment.
 */
@org.jspecify.annotations.NullMarked
package org.staffroom.factors.web;
