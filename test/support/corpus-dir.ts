import { resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root (this file is test/support/corpus-dir.ts). */
export const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url));

/**
 * Where the idp-corpus lives: `../shared/idp-corpus` next to the repository, or
 * `DSYNC_IDP_CORPUS_DIR` to replay another set of sequences. This is the one place the test
 * harness reads the environment (conventions §5 keeps process.env in packages/config for
 * the product; this is a test-only knob that never reaches the server).
 */
export function corpusDir(): string {
  const override = process.env.DSYNC_IDP_CORPUS_DIR?.trim();
  return override ? resolve(override) : resolve(REPO_ROOT, "../shared/idp-corpus");
}
