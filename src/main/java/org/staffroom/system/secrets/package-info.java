/**
 * Secrets kept at rest (TOTP secrets today; providers' client secrets and signing keys
 * later), sealed with the key from {@code STAFFROOM_SECRET_KEY}.
 */
@org.springframework.modulith.NamedInterface("secrets")
@org.jspecify.annotations.NullMarked
package org.staffroom.system.secrets;
