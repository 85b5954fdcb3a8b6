/**
 * Where ../shared is, for tests that read the reference material.
 *
 * The folder sits beside the checkout. Tests that need it skip, naming it,
 * when it is absent, so a clone without it still passes.
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** Absolute path of ../shared (with a trailing slash). */
export const SHARED_DIR = fileURLToPath(new URL("../../shared/", import.meta.url));

/** True when ../shared is present. */
export const HAS_SHARED = existsSync(SHARED_DIR);

/** The message tests print when they skip for want of ../shared. */
export const NO_SHARED_MESSAGE = `../shared is absent (looked for ${SHARED_DIR}): skipping`;

/** Absolute path of the project checkout (with a trailing slash). */
export const PROJECT_DIR = fileURLToPath(new URL("../", import.meta.url));
