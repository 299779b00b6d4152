/**
 * Members of an organisation as administrators see them: the directory, amending a member
 * (details, email, status, roles) with lost-update protection, removing one, and "edit my
 * account". A read model over accounts, memberships and assignments; every change goes
 * through the engine.
 */
@org.springframework.modulith.ApplicationModule
@org.jspecify.annotations.NullMarked
package org.staffroom.members;
