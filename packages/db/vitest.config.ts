// By relative path: Node 20 cannot load a workspace package's .ts config through its exports.
import { integrationConfig } from "../testing/vitest.shared";

export default integrationConfig;
