// Imported by relative path, not "@dsync/testing/vitest-config": Vite bundles relative
// imports of a config, but loads bare workspace packages with Node, which (Node 20) cannot
// import a .ts file (ERR_UNKNOWN_FILE_EXTENSION).
import { integrationConfig } from "../../packages/testing/vitest.shared";

export default integrationConfig;
