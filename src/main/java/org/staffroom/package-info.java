/**
 * Staffroom: accounts, scoped roles and results for schools, trusts and exam centres.
 * Each sub-package is a module (see the README's module map).
 */
@org.jspecify.annotations.NullMarked
package org.staffroom;
