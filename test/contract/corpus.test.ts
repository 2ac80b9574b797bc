import { afterAll, beforeAll, describe, it } from "vitest";
import { corpusDir } from "../support/corpus-dir";
import { startTestServer, type TestServer } from "../support/server";
import { directoryTypeForIdp, formatRunFailures, loadCorpusDir, runCorpus } from "./corpus";

// Replays every idp-corpus sequence against one running server, each file in its own
// organization and fresh directories, every step included (optional ones too: dsync
// claims every optional feature). A file fails with the list of its failed steps.

const dir = corpusDir();
const entries = loadCorpusDir(dir);

describe(`idp-corpus (${dir})`, () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
  });

  afterAll(async () => {
    await server?.close();
  });

  it("has corpus files", () => {
    // An empty or mistyped corpus directory must not turn into a green, empty suite.
    if (entries.length === 0) throw new Error(`no *.json corpus files in ${dir}`);
  });

  for (const entry of entries) {
    it(entry.file, { timeout: 120_000 }, async () => {
      if (!entry.corpus) throw entry.error ?? new Error(`${entry.file}: not loaded`);
      const corpus = entry.corpus;
      const type = directoryTypeForIdp(corpus.idp);
      const organizationId = await server.createOrganization(`corpus ${entry.file}`);
      const targets = [];
      for (let n = 1; n <= (corpus.directories ?? 1); n++) {
        targets.push(
          await server.createDirectory({ organizationId, name: `${entry.file} #${n}`, type }),
        );
      }
      const result = await runCorpus({ file: entry.file, corpus, targets });
      if (result.failed.length > 0) throw new Error(formatRunFailures(result));
    });
  }
});
